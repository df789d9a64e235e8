#include "pkg/apiserver/field_set.h"

#include <optional>
#include <set>

#include "pkg/util/json_dump.h"

namespace k1s::apiserver {

namespace {

using Json = nlohmann::json;

// The path element of each item of a list, or nullopt when the list is
// owned as a whole: atomic by schema, or keyed items that lack their keys or
// repeat them (then there is no stable way to name one item).
std::optional<std::vector<std::string>> ItemElements(const Json& list, const TypeSchema& schema) {
  const TypeSchema::ListKind kind = schema.list_kind();
  if (kind == TypeSchema::ListKind::kAtomic) return std::nullopt;
  const std::vector<std::string> keys = schema.keys();
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const Json& item : list) {
    std::string element;
    if (kind == TypeSchema::ListKind::kSet) {
      if (item.is_object() || item.is_array()) return std::nullopt;
      element = "v:";
      AppendJson(item, element);
    } else {
      if (!item.is_object() || keys.empty()) return std::nullopt;
      Json key = Json::object();
      for (const std::string& k : keys) {
        if (auto it = item.find(k); it != item.end()) {
          key[k] = *it;
        } else if (std::string d = TypeSchema::KeyDefault(k); !d.empty()) {
          key[k] = d;
        } else {
          return std::nullopt;
        }
      }
      element = "k:";
      AppendJson(key, element);
    }
    if (!seen.insert(element).second) return std::nullopt;
    out.push_back(std::move(element));
  }
  return out;
}

bool Scalar(const Json& v) { return !v.is_object() && !v.is_array(); }

// Marks the fields of `v` below `node`, the trie node of v's own path (a
// Node is FieldSet's private trie node; FieldsOf hands its root in). Each
// field is inserted where the walk stands: inserting from the root would
// cost the depth for every field.
template <typename Node>
void Walk(const Json& v, const TypeSchema& schema, Node& node) {
  // A child that ends up holding nothing (an empty keyed list) is not kept.
  auto prune = [&node](const std::string& element) {
    auto it = node.children.find(element);
    if (it != node.children.end() && !it->second.member && it->second.children.empty()) {
      node.children.erase(it);
    }
  };
  if (v.is_object()) {
    if (schema.shape() == TypeSchema::Shape::kScalar || v.empty()) {
      node.member = true;
      return;
    }
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string element = "f:" + it.key();
      Node& child = node.children[element];
      // A struct's field is owned through what it holds; a map's entry is
      // owned itself.
      if (Scalar(*it)) {
        child.member = true;  // all a walk below would do
        continue;
      }
      if (!schema.HasField(it.key())) child.member = true;
      Walk(*it, schema.Child(it.key()), child);
      prune(element);
    }
  } else if (v.is_array()) {
    auto elements = ItemElements(v, schema);
    if (!elements) {
      node.member = true;
      return;
    }
    const TypeSchema item = schema.Item();
    for (size_t i = 0; i < v.size(); ++i) {
      Node& child = node.children[(*elements)[i]];
      child.member = true;
      Walk(v[i], item, child);
    }
  } else {
    node.member = true;
  }
}

// The value an element names inside `v`, or nullptr.
const Json* Find(const Json& v, const std::string& element) {
  if (element.size() < 2 || element[1] != ':') return nullptr;
  const std::string body = element.substr(2);
  switch (element[0]) {
    case 'f': {
      if (!v.is_object()) return nullptr;
      auto it = v.find(body);
      return it == v.end() ? nullptr : &*it;
    }
    case 'k':
    case 'v': {
      if (!v.is_array()) return nullptr;
      Json wanted = Json::parse(body, nullptr, /*allow_exceptions=*/false);
      if (wanted.is_discarded()) return nullptr;
      for (const Json& item : v) {
        if (element[0] == 'v') {
          if (item == wanted) return &item;
          continue;
        }
        if (!item.is_object() || !wanted.is_object()) continue;
        bool match = true;
        for (auto k = wanted.begin(); k != wanted.end() && match; ++k) {
          auto have = item.find(k.key());
          match = have != item.end() ? *have == *k : TypeSchema::KeyDefault(k.key()) == *k;
        }
        if (match) return &item;
      }
      return nullptr;
    }
    case 'i': {
      size_t index = 0;
      try {
        index = std::stoul(body);
      } catch (const std::exception&) {
        return nullptr;
      }
      return v.is_array() && index < v.size() ? &v[index] : nullptr;
    }
    default:
      return nullptr;
  }
}

}  // namespace

void FieldSet::Insert(const FieldPath& path) {
  if (path.empty()) return;
  Node* node = &root_;
  for (const std::string& e : path) node = &node->children[e];
  node->member = true;
}

bool FieldSet::Has(const FieldPath& path) const {
  const Node* node = &root_;
  for (const std::string& e : path) {
    auto it = node->children.find(e);
    if (it == node->children.end()) return false;
    node = &it->second;
  }
  return node->member;
}

bool FieldSet::Covers(const FieldPath& path) const {
  const Node* node = &root_;
  for (const std::string& e : path) {
    auto it = node->children.find(e);
    if (it == node->children.end()) return false;
    node = &it->second;
    if (node->member) return true;
  }
  return false;
}

bool FieldSet::Touches(const FieldPath& path) const {
  const Node* node = &root_;
  for (const std::string& e : path) {
    auto it = node->children.find(e);
    if (it == node->children.end()) return false;
    node = &it->second;
  }
  return node->member || !node->children.empty();
}

bool FieldSet::IsLeaf(const FieldPath& path) const {
  const Node* node = &root_;
  for (const std::string& e : path) {
    auto it = node->children.find(e);
    if (it == node->children.end()) return false;
    node = &it->second;
  }
  return node->member && node->children.empty();
}

void FieldSet::EraseSubtree(const FieldPath& path) {
  if (path.empty()) return;
  std::vector<Node*> trail = {&root_};
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    auto it = trail.back()->children.find(path[i]);
    if (it == trail.back()->children.end()) return;
    trail.push_back(&it->second);
  }
  trail.back()->children.erase(path.back());
  // Parents that only existed to lead there go too.
  for (size_t i = trail.size() - 1; i > 0; --i) {
    Node* n = trail[i];
    if (n->member || !n->children.empty()) break;
    trail[i - 1]->children.erase(path[i - 1]);
  }
}

namespace {

enum class Op { kUnion, kDifference, kIntersection };

template <typename Node>
Node Combine(const Node* a, const Node* b, Op op) {
  Node out;
  const bool in_a = a != nullptr && a->member, in_b = b != nullptr && b->member;
  out.member = op == Op::kUnion ? in_a || in_b : op == Op::kDifference ? in_a && !in_b : in_a && in_b;
  // Children only one side has: a union keeps either side's, a difference
  // only a's, an intersection none.
  const bool keep_only_a = op != Op::kIntersection, keep_only_b = op == Op::kUnion;
  const decltype(out.children) none;
  const auto& ca = a != nullptr ? a->children : none;
  const auto& cb = b != nullptr ? b->children : none;
  auto keep = [&out](const std::string& element, Node child) {
    if (child.member || !child.children.empty()) {
      out.children.emplace_hint(out.children.end(), element, std::move(child));
    }
  };
  // Both maps are sorted by element: one merge pass pairs them up, and the
  // result fills in order.
  auto ia = ca.begin(), ib = cb.begin();
  while (ia != ca.end() || ib != cb.end()) {
    if (ib == cb.end() || (ia != ca.end() && ia->first < ib->first)) {
      if (keep_only_a) keep(ia->first, Combine(&ia->second, static_cast<const Node*>(nullptr), op));
      ++ia;
    } else if (ia == ca.end() || ib->first < ia->first) {
      if (keep_only_b) keep(ib->first, Combine(static_cast<const Node*>(nullptr), &ib->second, op));
      ++ib;
    } else {
      keep(ia->first, Combine(&ia->second, &ib->second, op));
      ++ia;
      ++ib;
    }
  }
  return out;
}

}  // namespace

FieldSet FieldSet::Union(const FieldSet& other) const {
  FieldSet out;
  out.root_ = Combine(&root_, &other.root_, Op::kUnion);
  return out;
}

FieldSet FieldSet::Difference(const FieldSet& other) const {
  FieldSet out;
  out.root_ = Combine(&root_, &other.root_, Op::kDifference);
  return out;
}

FieldSet FieldSet::Intersection(const FieldSet& other) const {
  FieldSet out;
  out.root_ = Combine(&root_, &other.root_, Op::kIntersection);
  return out;
}

void FieldSet::Collect(const Node& node, FieldPath& prefix, std::vector<FieldPath>& out) {
  for (const auto& [element, child] : node.children) {
    prefix.push_back(element);
    if (child.member) out.push_back(prefix);
    Collect(child, prefix, out);
    prefix.pop_back();
  }
}

std::set<std::string> FieldSet::TopElements() const {
  std::set<std::string> out;
  for (const auto& [element, child] : root_.children) out.insert(element);
  return out;
}

std::vector<FieldPath> FieldSet::Paths() const {
  std::vector<FieldPath> out;
  FieldPath prefix;
  Collect(root_, prefix, out);
  return out;
}

namespace {

template <typename Node>
Json NodeToJson(const Node& node) {
  Json out = Json::object();
  if (node.member && !node.children.empty()) out["."] = Json::object();
  for (const auto& [element, child] : node.children) out[element] = NodeToJson(child);
  return out;
}

template <typename Node>
void NodeFromJson(const Json& j, Node& node) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it->is_object()) continue;
    if (it.key() == ".") {
      node.member = true;
      continue;
    }
    Node& child = node.children[it.key()];
    if (it->empty()) child.member = true;
    NodeFromJson(*it, child);
  }
}

}  // namespace

Json FieldSet::ToJson() const { return NodeToJson(root_); }

FieldSet FieldSet::FromJson(const Json& fields_v1) {
  FieldSet out;
  if (fields_v1.is_object()) NodeFromJson(fields_v1, out.root_);
  return out;
}

std::string PathString(const FieldPath& path) {
  std::string out;
  for (const std::string& element : path) {
    const std::string body = element.size() > 2 ? element.substr(2) : "";
    if (element.starts_with("f:")) {
      out += "." + body;
    } else if (element.starts_with("k:")) {
      Json key = Json::parse(body, nullptr, /*allow_exceptions=*/false);
      std::string fields;
      if (key.is_object()) {
        for (auto it = key.begin(); it != key.end(); ++it) {
          fields += (fields.empty() ? "" : ",") + it.key() + "=" + it->dump();
        }
      }
      out += "[" + fields + "]";
    } else if (element.starts_with("v:")) {
      out += "[=" + body + "]";
    } else {
      out += "[" + body + "]";
    }
  }
  return out;
}

FieldSet FieldsOf(const Json& object, const TypeSchema& schema) {
  FieldSet set;
  if (object.is_null()) return set;
  Walk(object, schema, set.root_);
  set.root_.member = false;  // the empty path names no field
  return set;
}

namespace {

// The values below `v` by path element: object members, and the items of a
// list that FieldsOf names item by item, indexed once for the whole list.
class Children {
 public:
  Children(const Json* v, const TypeSchema& schema) : v_(v) {
    if (v == nullptr || !v->is_array()) return;
    if (auto elements = ItemElements(*v, schema)) {
      for (size_t i = 0; i < elements->size(); ++i) items_.emplace((*elements)[i], &(*v)[i]);
    }
  }
  const Json* Get(const std::string& element) const {
    if (v_ == nullptr) return nullptr;
    if (v_->is_array()) {
      auto it = items_.find(element);
      return it == items_.end() ? Find(*v_, element) : it->second;
    }
    return Find(*v_, element);
  }

 private:
  const Json* v_;
  std::map<std::string, const Json*> items_;
};

// Marks in `out` the fields both `a` (of value `va`) and `b` (of `vb`) hold
// whose values differ, where either owns the value itself (a leaf).
template <typename Node>
void Modified(const Node& a, const Node& b, const Json* va, const Json* vb,
              const TypeSchema& schema, Node& out) {
  const Children in_a(va, schema), in_b(vb, schema);
  const bool list = (va != nullptr && va->is_array()) || (vb != nullptr && vb->is_array());
  for (const auto& [element, ca] : a.children) {
    auto it = b.children.find(element);
    if (it == b.children.end()) continue;
    const Node& cb = it->second;
    const Json* xa = in_a.Get(element);
    const Json* xb = in_b.Get(element);
    Node& child = out.children[element];
    if (ca.member && cb.member && (ca.children.empty() || cb.children.empty()) &&
        (xa == nullptr || xb == nullptr || *xa != *xb)) {
      child.member = true;
    }
    // Below a leaf of either side nothing pairs up.
    if (!ca.children.empty() && !cb.children.empty()) {
      const TypeSchema next =
          list ? schema.Item() : schema.Child(element.size() > 2 ? element.substr(2) : std::string());
      Modified(ca, cb, xa, xb, next, child);
    }
    if (!child.member && child.children.empty()) out.children.erase(element);
  }
}

}  // namespace

FieldChanges CompareFields(const Json& before, const Json& after, const TypeSchema& schema) {
  const FieldSet a = FieldsOf(before, schema), b = FieldsOf(after, schema);
  FieldChanges out{b.Difference(a), {}, a.Difference(b)};
  Modified(a.root_, b.root_, &before, &after, schema, out.modified.root_);
  return out;
}

void RemoveField(Json& object, const FieldPath& path) {
  // chain[i] is the value at path[0..i); `object` is ours to change, Find
  // only reads.
  std::vector<Json*> chain = {&object};
  for (const std::string& element : path) {
    const Json* next = Find(*chain.back(), element);
    if (next == nullptr) return;
    chain.push_back(const_cast<Json*>(next));
  }
  // A list or map left empty goes too, as server-side apply leaves no empty
  // containers behind; the object itself always stays.
  for (size_t depth = path.size(); depth > 0; --depth) {
    Json& parent = *chain[depth - 1];
    if (parent.is_object()) {
      parent.erase(path[depth - 1].substr(2));
    } else {
      parent.erase(static_cast<size_t>(chain[depth] - &parent[0]));
    }
    if (!parent.empty()) return;
  }
}

Json MergeApplied(const Json& live, const Json& config, const TypeSchema& schema) {
  if (config.is_object() && live.is_object() && schema.shape() != TypeSchema::Shape::kScalar) {
    Json out = live;
    for (auto it = config.begin(); it != config.end(); ++it) {
      if (it->is_null()) {
        out.erase(it.key());
      } else if (auto have = live.find(it.key()); have != live.end()) {
        out[it.key()] = MergeApplied(*have, *it, schema.Child(it.key()));
      } else {
        out[it.key()] = *it;
      }
    }
    return out;
  }
  if (config.is_array() && live.is_array()) {
    auto from_config = ItemElements(config, schema);
    auto from_live = ItemElements(live, schema);
    if (!from_config || !from_live) return config;
    Json out = live;
    const TypeSchema item = schema.Item();
    for (size_t i = 0; i < config.size(); ++i) {
      auto at = std::find(from_live->begin(), from_live->end(), (*from_config)[i]);
      if (at == from_live->end()) {
        out.push_back(config[i]);
      } else {
        size_t index = static_cast<size_t>(at - from_live->begin());
        out[index] = MergeApplied(out[index], config[i], item);
      }
    }
    return out;
  }
  return config;
}

}  // namespace k1s::apiserver
