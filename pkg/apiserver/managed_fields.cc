#include "pkg/apiserver/managed_fields.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "pkg/apiserver/field_set.h"
#include "pkg/util/json_fields.h"

namespace k1s::apiserver {

namespace {

using Json = nlohmann::json;

struct Entry {
  std::string manager, operation, api_version, time, subresource;
  FieldSet fields;
  // Set instead of `fields` for a stored entry this write cannot change:
  // its fieldsV1 as stored, neither decoded nor encoded again.
  std::optional<Json> untouched;
};

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// `JsonT` is Json or const Json: the list of a mutable object is mutable.
template <typename JsonT>
JsonT* ManagedFieldsOf(JsonT& object) {
  if (!object.is_object()) return nullptr;
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return nullptr;
  auto mf = meta->find("managedFields");
  return mf != meta->end() && mf->is_array() && !mf->empty() ? &*mf : nullptr;
}

// Entries clients wrote by hand are taken as far as they make sense.
// `skip_unless`: when given, an entry whose fields hold none of these
// top-level elements is kept as it is (Entry::untouched). Only for entries
// this server stored, which Encode wrote in the form FromJson reads. Such
// an entry's fieldsV1 is moved out of a mutable `managed` (one that Encode
// is about to replace) and copied from a const one.
template <typename JsonT>
std::vector<Entry> Decode(JsonT* managed, const std::set<std::string>* skip_unless = nullptr) {
  std::vector<Entry> out;
  if (managed == nullptr) return out;
  for (auto& e : *managed) {
    if (!e.is_object() || Str(e, "manager").empty()) continue;
    auto fields_v1 = e.find("fieldsV1");
    const bool has_fields = fields_v1 != e.end();
    Entry entry{Str(e, "manager"), Str(e, "operation"), Str(e, "apiVersion"), Str(e, "time"), Str(e, "subresource"), {}, {}};
    const bool untouched = skip_unless != nullptr && has_fields && fields_v1->is_object() &&
                           std::none_of(skip_unless->begin(), skip_unless->end(),
                                        [&](const std::string& top) { return fields_v1->contains(top); });
    if (untouched) {
      entry.untouched = std::move(*fields_v1);
    } else if (has_fields) {
      entry.fields = FieldSet::FromJson(*fields_v1);
    }
    out.push_back(std::move(entry));
  }
  return out;
}

void Encode(std::vector<Entry> entries, Json& object) {
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.operation, a.time, a.manager, a.api_version, a.subresource) <
           std::tie(b.operation, b.time, b.manager, b.api_version, b.subresource);
  });
  Json list = Json::array();
  for (Entry& e : entries) {
    if (e.untouched ? e.untouched->empty() : e.fields.empty()) continue;
    Json j = {{"manager", e.manager},
              {"operation", e.operation},
              {"apiVersion", e.api_version},
              {"time", e.time},
              {"fieldsType", "FieldsV1"},
              {"fieldsV1", e.untouched ? std::move(*e.untouched) : e.fields.ToJson()}};
    if (!e.subresource.empty()) j["subresource"] = e.subresource;
    list.push_back(std::move(j));
  }
  if (!object.is_object()) return;
  Json& meta = object["metadata"];
  if (!meta.is_object()) meta = Json::object();
  if (list.empty()) {
    meta.erase("managedFields");
  } else {
    meta["managedFields"] = std::move(list);
  }
}

// The fields a write can own: identity and bookkeeping are the server's, and
// status belongs to /status where the kind has that subresource.
FieldSet Ownable(FieldSet set, const FieldManagerInfo& info) {
  for (const char* f : {"apiVersion", "kind"}) set.EraseSubtree({std::string("f:") + f});
  for (const char* f : {"name", "namespace", "uid", "resourceVersion", "generation",
                        "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                        "selfLink", "managedFields"}) {
    set.EraseSubtree({"f:metadata", std::string("f:") + f});
  }
  if (set.IsLeaf({"f:metadata"})) set.EraseSubtree({"f:metadata"});
  if (!info.status_subresource) return set;
  if (info.subresource != "status") {
    set.EraseSubtree({"f:status"});
    return set;
  }
  for (const std::string& top : set.TopElements()) {
    if (top != "f:status" && top != "f:metadata") set.EraseSubtree({top});
  }
  return set;
}

Json WithoutManagedFields(const Json& object) {
  if (!object.is_object()) return object;
  Json out = object;
  EraseManagedFields(out);
  return out;
}

// Whether two metadata values are equal but for their managedFields.
bool SameButManagedFields(const Json& a, const Json& b) {
  if (!a.is_object() || !b.is_object()) return a == b;
  auto rest = [](const Json& m) { return m.size() - (m.contains("managedFields") ? 1 : 0); };
  if (rest(a) != rest(b)) return false;
  for (auto it = a.begin(); it != a.end(); ++it) {
    if (it.key() == "managedFields") continue;
    auto other = b.find(it.key());
    if (other == b.end() || *other != *it) return false;
  }
  return true;
}

// `live` and `updated` without managedFields, and without the top-level
// members they hold equal. An equal member names the same fields with the
// same values on both sides, so it adds, removes and modifies nothing; a
// status write then compares the status, not the whole pod twice over.
std::pair<Json, Json> DifferingMembers(const Json& live, const Json& updated) {
  if (!live.is_object() || !updated.is_object()) return {WithoutManagedFields(live), WithoutManagedFields(updated)};
  Json before = Json::object(), after = Json::object();
  for (auto it = live.begin(); it != live.end(); ++it) {
    auto other = updated.find(it.key());
    if (other == updated.end()) {
      before[it.key()] = *it;
    } else if (it.key() == "metadata" ? !SameButManagedFields(*it, *other) : *it != *other) {
      before[it.key()] = *it;
      after[it.key()] = *other;
    }
  }
  for (auto it = updated.begin(); it != updated.end(); ++it) {
    if (!live.contains(it.key())) after[it.key()] = *it;
  }
  for (Json* side : {&before, &after}) EraseManagedFields(*side);
  return {std::move(before), std::move(after)};
}

// `set` without `gone`; most writes remove nothing, and then no copy is made.
FieldSet Minus(FieldSet set, const FieldSet& gone) { return gone.empty() ? set : set.Difference(gone); }

struct Changes {
  FieldSet touched;  // added or modified
  FieldSet removed;
};

Changes Compare(const Json& before, const Json& after, const TypeSchema& schema,
                const FieldManagerInfo& info) {
  FieldChanges c = CompareFields(before, after, schema);
  return {Ownable(c.added.Union(c.modified), info), Ownable(c.removed, info)};
}

Entry& FindOrAdd(std::vector<Entry>& entries, const FieldManagerInfo& info, const std::string& op,
                 bool* added) {
  for (Entry& e : entries) {
    if (e.manager == info.manager && e.operation == op && e.subresource == info.subresource) {
      *added = false;
      return e;
    }
  }
  *added = true;
  entries.push_back({info.manager, op, info.api_version, info.now, info.subresource, {}});
  return entries.back();
}

std::string Describe(const Entry& e) {
  std::string out = "\"" + e.manager + "\"";
  if (!e.subresource.empty()) out += " with subresource \"" + e.subresource + "\"";
  if (e.operation == "Update") out += " using " + e.api_version;
  return out;
}

Status ConflictStatus(const std::vector<std::pair<const Entry*, FieldSet>>& conflicts) {
  std::vector<StatusCause> causes;
  std::map<std::string, std::vector<std::string>> by_manager;
  for (const auto& [entry, fields] : conflicts) {
    for (const FieldPath& p : fields.Paths()) {
      causes.push_back({"FieldManagerConflict", "conflict with " + Describe(*entry), PathString(p)});
      by_manager[Describe(*entry)].push_back(PathString(p));
    }
  }
  std::string message;
  if (causes.size() == 1) {
    message = "Apply failed with 1 conflict: " + causes[0].message + ": " + causes[0].field;
  } else {
    message = "Apply failed with " + std::to_string(causes.size()) + " conflicts: ";
    bool first = true;
    for (const auto& [manager, paths] : by_manager) {
      message += (first ? "" : "\n") + std::string("conflicts with ") + manager + ":";
      first = false;
      for (const std::string& p : paths) message += "\n- " + p;
    }
  }
  return Status::Conflict(message).WithCauses(std::move(causes));
}

}  // namespace

void RecordUpdate(const TypeSchema& schema, const Json& live, Json& updated,
                  const FieldManagerInfo& info) {
  Json* mine = ManagedFieldsOf(updated);
  const Json* theirs = ManagedFieldsOf(live);
  const bool stored = mine == nullptr || (theirs != nullptr && *mine == *theirs);
  const Changes changes = [&] {
    // A create without managedFields is compared as it is, not copied.
    if (!live.is_object() && mine == nullptr) return Compare(Json(), updated, schema, info);
    const auto [before, after] = DifferingMembers(live, updated);
    return Compare(before, after, schema, info);
  }();
  // A status write leaves the creator's spec fields alone: they are not
  // decoded and encoded again.
  const std::set<std::string> changed_tops = [&] {
    std::set<std::string> tops = changes.touched.TopElements();
    tops.merge(changes.removed.TopElements());
    return tops;
  }();
  // Stored entries are taken apart from `updated`'s copy where it has one:
  // Encode replaces that list, so nothing needs copying out of it.
  std::vector<Entry> entries = !stored          ? Decode(mine)
                               : mine != nullptr ? Decode(mine, &changed_tops)
                                                 : Decode(theirs, &changed_tops);
  bool added = false;
  Entry& me = FindOrAdd(entries, info, "Update", &added);
  if (me.untouched) {
    me.fields = FieldSet::FromJson(*me.untouched);
    me.untouched.reset();
  }
  for (Entry& e : entries) {
    if (&e == &me || e.untouched) continue;
    e.fields = Minus(Minus(std::move(e.fields), changes.touched), changes.removed);
  }
  FieldSet now = Minus(me.fields, changes.removed).Union(changes.touched);
  if (added || !(now == me.fields)) {
    me.time = info.now;
    me.api_version = info.api_version;
  }
  me.fields = std::move(now);
  Encode(std::move(entries), updated);
}

Result<Json> ServerSideApply(const TypeSchema& schema, const Json& live, const Json& config,
                             const FieldManagerInfo& info, bool force) {
  std::vector<Entry> entries = Decode(ManagedFieldsOf(live));
  const Json before = WithoutManagedFields(live);
  const Json applied_config = WithoutManagedFields(config);
  Json merged = MergeApplied(before.is_object() ? before : Json::object(), applied_config, schema);
  const FieldSet applied = Ownable(FieldsOf(applied_config, schema), info);

  bool added = false;
  Entry* me = &FindOrAdd(entries, info, "Apply", &added);
  // What this manager applied before and leaves out now goes, unless
  // someone else also owns it or something below it. Parents come before
  // their children, and a removed item takes its fields with it.
  FieldSet removed;
  for (const FieldPath& p : me->fields.Difference(applied).Paths()) {
    if (removed.Covers(p)) continue;
    bool kept = applied.Touches(p);
    for (const Entry& e : entries) kept |= &e != me && e.fields.Touches(p);
    if (kept) continue;
    RemoveField(merged, p);
    removed.Insert(p);
  }

  const Changes changes = Compare(before, merged, schema, info);
  std::vector<std::pair<const Entry*, FieldSet>> conflicts;
  for (const Entry& e : entries) {
    if (&e == me) continue;
    FieldSet clash = e.fields.Intersection(changes.touched);
    if (!clash.empty()) conflicts.emplace_back(&e, std::move(clash));
  }
  if (!conflicts.empty() && !force) return ConflictStatus(conflicts);
  for (Entry& e : entries) {
    if (&e == me) continue;
    e.fields = e.fields.Difference(changes.touched).Difference(changes.removed);
  }
  if (added || !(applied == me->fields) || !changes.touched.empty() || !changes.removed.empty()) {
    me->time = info.now;
    me->api_version = info.api_version;
  }
  me->fields = applied;
  Encode(std::move(entries), merged);
  return merged;
}

std::string ManagerFromUserAgent(const std::string& user_agent) {
  std::string out;
  for (char c : user_agent.substr(0, user_agent.find('/'))) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) continue;
    if (out.size() >= 128) break;
    out += c;
  }
  return out;
}

}  // namespace k1s::apiserver
