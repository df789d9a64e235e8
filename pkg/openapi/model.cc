#include "pkg/openapi/model.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

namespace k1s::openapi {

namespace {

Parameter Query(std::string name, std::string type, std::string description) {
  return {std::move(name), "query", std::move(type), std::move(description)};
}

Parameter Pretty() { return Query("pretty", "string", "If 'true', the output is indented."); }
Parameter PathParam(std::string name, std::string description) {
  return {std::move(name), "path", "string", std::move(description), true};
}

std::vector<Parameter> ListParams(bool with_watch) {
  std::vector<Parameter> p = {
      Query("allowWatchBookmarks", "boolean", "Ask for BOOKMARK events in a watch."),
      Query("continue", "string", "Token from a previous page, to fetch the next one."),
      Query("fieldSelector", "string", "Restrict the results by their fields."),
      Query("labelSelector", "string", "Restrict the results by their labels."),
      Query("limit", "integer", "Most results to return in one page."),
      Query("resourceVersion", "string", "Version of the collection to read or watch from."),
      Query("resourceVersionMatch", "string", "How resourceVersion is applied to a list."),
      Query("sendInitialEvents", "boolean", "Start a watch with the current objects."),
      Query("timeoutSeconds", "integer", "Time limit of the call."),
  };
  if (with_watch) p.push_back(Query("watch", "boolean", "Watch for changes instead of listing."));
  return p;
}

Parameter DryRun() { return Query("dryRun", "string", "If All, validate without persisting."); }
Parameter FieldManager() {
  return Query("fieldManager", "string", "Name of the actor making the change.");
}
Parameter FieldValidation() {
  return Query("fieldValidation", "string",
               "What the server does with unknown or duplicate fields: Ignore, Warn or Strict.");
}

std::vector<Parameter> WriteParams() { return {DryRun(), FieldManager(), FieldValidation()}; }

std::vector<Parameter> PatchParams() {
  return {DryRun(), FieldManager(), FieldValidation(),
          Query("force", "boolean", "For apply patches: take over conflicting fields.")};
}

std::vector<Parameter> DeleteParams() {
  return {DryRun(),
          Query("gracePeriodSeconds", "integer", "Seconds before the object is removed."),
          Query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean",
                "Delete even if the stored object cannot be read."),
          Query("orphanDependents", "boolean", "Deprecated: use propagationPolicy."),
          Query("propagationPolicy", "string", "Orphan, Background or Foreground.")};
}

std::string Capitalize(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::vector<std::string> GroupWords(const std::string& group) {
  if (group.empty()) return {"core"};
  std::string g = group;
  if (g.ends_with(".k8s.io")) g.resize(g.size() - 7);
  std::vector<std::string> words;
  size_t start = 0;
  while (start <= g.size()) {
    size_t dot = g.find('.', start);
    if (dot == std::string::npos) dot = g.size();
    std::string w = g.substr(start, dot - start);
    w.erase(std::remove(w.begin(), w.end(), '-'), w.end());
    if (!w.empty()) words.push_back(w);
    start = dot + 1;
  }
  return words;
}

// "apps", "v1" -> "AppsV1"; "rbac.authorization.k8s.io" -> "RbacAuthorizationV1".
std::string GroupVersionCamel(const std::string& group, const std::string& version) {
  std::string out;
  for (const std::string& w : GroupWords(group)) out += Capitalize(w);
  return out + Capitalize(version);
}

// "core_v1", "rbacAuthorization_v1".
std::string Tag(const std::string& group, const std::string& version) {
  std::string out;
  for (const std::string& w : GroupWords(group)) out += out.empty() ? w : Capitalize(w);
  return out + "_" + version;
}

std::string SubresourceCamel(const std::string& name) {
  if (name == "portforward") return "Portforward";
  if (name == "ephemeralcontainers") return "Ephemeralcontainers";
  return Capitalize(name);
}

bool Has(const std::vector<std::string>& verbs, const std::string& verb) {
  return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

bool IsConnect(const std::string& sub) {
  return sub == "exec" || sub == "attach" || sub == "portforward" || sub == "proxy";
}

Definition Placeholder(const std::string& name, const api::Resource& r) {
  Definition d;
  d.name = name;
  d.description = r.kind + " (" + r.api_version() +
                  "). k1s does not describe this kind's fields in detail yet; any fields are "
                  "accepted here and checked by the server.";
  d.complete = false;
  d.fields = {
      {.name = "apiVersion", .type = "string", .description = "Versioned schema of this object."},
      {.name = "kind", .type = "string", .description = "The kind of object, in CamelCase."},
      {.name = "metadata",
       .type = FullDefinitionName("meta.ObjectMeta"),
       .description = "Standard object metadata."},
      {.name = "spec", .type = "object", .description = "The desired state of the object."},
      {.name = "status", .type = "object", .description = "The observed state of the object."},
  };
  return d;
}

Definition ListDefinition(const std::string& item, const Gvk& gvk) {
  Definition d;
  d.name = item + "List";
  d.description = "A list of " + gvk.kind + " objects.";
  d.fields = {
      {.name = "apiVersion", .type = "string", .description = "Versioned schema of this object."},
      {.name = "items", .type = "[]" + item, .description = "The objects.", .required = true},
      {.name = "kind", .type = "string", .description = "The kind of object, in CamelCase."},
      {.name = "metadata",
       .type = FullDefinitionName("meta.ListMeta"),
       .description = "Standard list metadata."},
  };
  d.gvks.push_back({gvk.group, gvk.version, gvk.kind + "List"});
  return d;
}

void AddGvk(Definition& d, const Gvk& g) {
  if (std::find(d.gvks.begin(), d.gvks.end(), g) == d.gvks.end()) d.gvks.push_back(g);
}

// True when the definition and everything it refers to list all fields.
bool FullyDescribed(const std::map<std::string, Definition>& defs, const std::string& root) {
  std::set<std::string> seen;
  std::vector<std::string> todo = {root};
  while (!todo.empty()) {
    std::string name = std::move(todo.back());
    todo.pop_back();
    if (name.empty() || !seen.insert(name).second) continue;
    auto it = defs.find(name);
    if (it == defs.end()) continue;
    if (!it->second.complete) return false;
    for (const Field& f : it->second.fields) todo.push_back(ReferencedDefinition(f.type));
  }
  return true;
}

class PathBuilder {
 public:
  PathBuilder(const api::Resource& r, const std::map<std::string, Definition>& defs)
      : r_(r), defs_(defs) {
    gv_ = GroupVersionCamel(r.group, r.version);
    tag_ = Tag(r.group, r.version);
    def_ = DefinitionName(r.group, r.version, r.kind);
    prefix_ = r.group.empty() ? "/api/" + r.version : "/apis/" + r.group + "/" + r.version;
    ns_ = r.namespaced() ? "Namespaced" : "";
    gvk_ = Gvk{r.group, r.version, r.kind};
    // Strategic merge patches are computed by clients from the published
    // schema, so they are only advertised where the schema is complete;
    // otherwise kubectl falls back to its compiled-in types.
    smp_ = IsBuiltinGroup(r.group) && FullyDescribed(defs, def_);
  }

  void Build(std::vector<PathItem>& out) {
    const std::string scope = r_.namespaced() ? "/namespaces/{namespace}/" : "/";
    const std::string collection = prefix_ + scope + r_.plural;
    const std::string item = collection + "/{name}";
    const auto& verbs = r_.verbs;
    const std::string& K = r_.kind;

    PathItem coll{collection, CollectionParams(), {}};
    if (Has(verbs, "list")) {
      coll.ops.push_back(Op("get", "list" + gv_ + ns_ + K, "list or watch objects of kind " + K,
                            "list", ListParams(true), "", def_ + "List", true));
    }
    if (Has(verbs, "create")) {
      Operation op = Op("post", "create" + gv_ + ns_ + K, "create a " + K, "post", WriteParams(),
                        def_, def_);
      op.codes = {200, 201, 202};
      coll.ops.push_back(std::move(op));
    }
    if (Has(verbs, "deletecollection")) {
      std::vector<Parameter> params = ListParams(false);
      for (Parameter& p : DeleteParams()) params.push_back(std::move(p));
      std::sort(params.begin(), params.end(),
                [](const Parameter& a, const Parameter& b) { return a.name < b.name; });
      Operation op = Op("delete", "delete" + gv_ + "Collection" + ns_ + K,
                        "delete collection of " + K, "deletecollection", std::move(params),
                        Meta("DeleteOptions"), Meta("Status"));
      op.optional_body = true;
      coll.ops.push_back(std::move(op));
    }
    if (!coll.ops.empty()) out.push_back(std::move(coll));

    if (r_.namespaced() && Has(verbs, "list")) {
      PathItem all{prefix_ + "/" + r_.plural, {Pretty()}, {}};
      all.ops.push_back(Op("get", "list" + gv_ + K + "ForAllNamespaces",
                           "list or watch objects of kind " + K, "list", ListParams(true), "",
                           def_ + "List", true));
      out.push_back(std::move(all));
    }

    PathItem one{item, ItemParams(), {}};
    if (Has(verbs, "get")) {
      one.ops.push_back(
          Op("get", "read" + gv_ + ns_ + K, "read the specified " + K, "get", {}, "", def_));
    }
    if (Has(verbs, "update")) {
      Operation op = Op("put", "replace" + gv_ + ns_ + K, "replace the specified " + K, "put",
                        WriteParams(), def_, def_);
      op.codes = {200, 201};
      one.ops.push_back(std::move(op));
    }
    if (Has(verbs, "patch")) one.ops.push_back(PatchOp("patch" + gv_ + ns_ + K, K, def_, smp_));
    if (Has(verbs, "delete")) {
      Operation op = Op("delete", "delete" + gv_ + ns_ + K, "delete a " + K, "delete",
                        DeleteParams(), Meta("DeleteOptions"), Meta("Status"));
      op.optional_body = true;
      op.codes = {200, 202};
      one.ops.push_back(std::move(op));
    }
    if (!one.ops.empty()) out.push_back(std::move(one));

    if (Has(verbs, "watch")) {
      const std::string watch = prefix_ + "/watch" + scope + r_.plural;
      PathItem wl{watch, CollectionParams(), {}};
      wl.ops.push_back(Op("get", "watch" + gv_ + ns_ + K + "List",
                          "watch individual changes to a list of " + K +
                              ". deprecated: use the 'watch' parameter with a list operation "
                              "instead.",
                          "watchlist", ListParams(true), "", Meta("WatchEvent"), true));
      out.push_back(std::move(wl));
      PathItem wi{watch + "/{name}", ItemParams(), {}};
      wi.ops.push_back(Op("get", "watch" + gv_ + ns_ + K,
                          "watch changes to an object of kind " + K +
                              ". deprecated: use the 'watch' parameter with a list operation "
                              "instead, filtered to a single item with the 'fieldSelector' "
                              "parameter.",
                          "watch", ListParams(true), "", Meta("WatchEvent"), true));
      out.push_back(std::move(wi));
      if (r_.namespaced()) {
        PathItem wa{prefix_ + "/watch/" + r_.plural, {Pretty()}, {}};
        wa.ops.push_back(Op("get", "watch" + gv_ + K + "ListForAllNamespaces",
                            "watch individual changes to a list of " + K +
                                ". deprecated: use the 'watch' parameter with a list operation "
                                "instead.",
                            "watchlist", ListParams(true), "", Meta("WatchEvent"), true));
        out.push_back(std::move(wa));
      }
    }

    for (const api::Subresource& sub : r_.subresources) BuildSubresource(sub, item, out);
  }

 private:
  static std::string Meta(const std::string& kind) { return FullDefinitionName("meta." + kind); }

  std::vector<Parameter> CollectionParams() const {
    std::vector<Parameter> p;
    if (r_.namespaced()) p.push_back(PathParam("namespace", "Object name and auth scope."));
    p.push_back(Pretty());
    return p;
  }
  std::vector<Parameter> ItemParams() const {
    std::vector<Parameter> p = {PathParam("name", "Name of the " + r_.kind + ".")};
    if (r_.namespaced()) p.push_back(PathParam("namespace", "Object name and auth scope."));
    p.push_back(Pretty());
    return p;
  }

  Operation Op(std::string method, std::string id, std::string description, std::string action,
               std::vector<Parameter> query, std::string body, std::string response,
               bool streams = false) const {
    Operation op;
    op.method = std::move(method);
    op.id = std::move(id);
    op.tag = tag_;
    op.description = std::move(description);
    op.action = std::move(action);
    op.gvk = gvk_;
    op.query = std::move(query);
    op.body = std::move(body);
    op.response = std::move(response);
    op.streams = streams;
    return op;
  }

  Operation PatchOp(std::string id, const std::string& what, const std::string& def,
                    bool smp) const {
    Operation op = Op("patch", std::move(id), "partially update the specified " + what, "patch",
                      PatchParams(), Meta("Patch"), def);
    op.patch = true;
    op.smp = smp;
    op.codes = {200, 201};
    return op;
  }

  void BuildSubresource(const api::Subresource& sub, const std::string& item,
                        std::vector<PathItem>& out) const {
    const std::string& K = r_.kind;
    const std::string S = SubresourceCamel(sub.name);
    Gvk gvk = gvk_;
    std::string def = def_;
    bool smp = smp_;
    if (!sub.kind.empty()) {
      gvk = Gvk{sub.group.empty() && sub.version.empty() ? r_.group : sub.group,
                sub.version.empty() ? r_.version : sub.version, sub.kind};
      def = DefinitionName(gvk.group, gvk.version, gvk.kind);
      if (defs_.find(def) == defs_.end()) def.clear();
      smp = !def.empty() && IsBuiltinGroup(gvk.group) && FullyDescribed(defs_, def);
    }
    if (sub.name == "log") def.clear();
    PathItem p{item + "/" + sub.name, ItemParams(), {}};
    const bool connect = IsConnect(sub.name);
    auto add = [&](const std::string& verb, const std::string& method, const std::string& action,
                   const std::string& id_verb, const std::string& what) {
      if (!Has(sub.verbs, verb)) return;
      std::string id = connect ? "connect" + gv_ + Capitalize(method) + ns_ + K + S
                               : id_verb + gv_ + ns_ + K + S;
      Operation op;
      if (method == "patch" && !connect) {
        op = PatchOp(id, what + " of the specified " + K, def, smp);
      } else {
        op = Op(method, id, what + " of the specified " + K, connect ? "connect" : action, {},
                "", def);
        if (!connect && (method == "put" || method == "post")) {
          op.query = WriteParams();
          op.body = def;
          op.codes = method == "post" ? std::vector<int>{200, 201, 202} : std::vector<int>{200, 201};
        }
      }
      op.gvk = gvk;
      p.ops.push_back(std::move(op));
    };
    const std::string lower = sub.name;
    add("get", "get", "get", "read", "read " + lower);
    add("create", "post", "post", "create", "create " + lower);
    add("update", "put", "put", "replace", "replace " + lower);
    add("patch", "patch", "patch", "patch", "partially update " + lower);
    add("delete", "delete", "delete", "delete", "delete " + lower);
    if (!p.ops.empty()) out.push_back(std::move(p));
  }

  const api::Resource& r_;
  const std::map<std::string, Definition>& defs_;
  std::string gv_, tag_, def_, prefix_, ns_;
  Gvk gvk_;
  bool smp_ = false;
};

std::string GroupVersionKey(const api::Resource& r) {
  return r.group.empty() ? "api/" + r.version : "apis/" + r.group + "/" + r.version;
}

}  // namespace

bool IsBuiltinGroup(const std::string& group) {
  return group.empty() || group.find('.') == std::string::npos || group.ends_with(".k8s.io");
}

std::string DefinitionName(const std::string& group, const std::string& version,
                           const std::string& kind) {
  std::string package;
  if (group.empty()) {
    package = "io.k8s.api.core";
  } else if (group == "apiextensions.k8s.io") {
    package = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions";
  } else if (group == "apiregistration.k8s.io") {
    package = "io.k8s.kube-aggregator.pkg.apis.apiregistration";
  } else if (IsBuiltinGroup(group)) {
    package = "io.k8s.api." + group.substr(0, group.find('.'));
  } else {
    // Reverse the DNS labels: example.com -> com.example.
    std::vector<std::string> labels;
    size_t start = 0;
    while (start <= group.size()) {
      size_t dot = group.find('.', start);
      if (dot == std::string::npos) dot = group.size();
      labels.push_back(group.substr(start, dot - start));
      start = dot + 1;
    }
    for (auto it = labels.rbegin(); it != labels.rend(); ++it) {
      package += (package.empty() ? "" : ".") + *it;
    }
  }
  return package + "." + version + "." + kind;
}

Model BuildModel(const Resources& resources) {
  Model model;
  model.definitions = SchemaTable();
  auto& defs = model.definitions;
  const std::string delete_options = FullDefinitionName("meta.DeleteOptions");
  const std::string watch_event = FullDefinitionName("meta.WatchEvent");
  AddGvk(defs[FullDefinitionName("meta.Status")], Gvk{"", "v1", "Status"});

  for (const auto& r : resources) {
    const std::string name = DefinitionName(r->group, r->version, r->kind);
    if (defs.find(name) == defs.end()) defs[name] = Placeholder(name, *r);
    Gvk gvk{r->group, r->version, r->kind};
    AddGvk(defs[name], gvk);
    if (defs.find(name + "List") == defs.end()) defs[name + "List"] = ListDefinition(name, gvk);
    AddGvk(defs[delete_options], Gvk{r->group, r->version, "DeleteOptions"});
    AddGvk(defs[watch_event], Gvk{r->group, r->version, "WatchEvent"});
    for (const api::Subresource& sub : r->subresources) {
      if (sub.kind.empty()) continue;
      std::string group = sub.group.empty() && sub.version.empty() ? r->group : sub.group;
      std::string version = sub.version.empty() ? r->version : sub.version;
      auto it = defs.find(DefinitionName(group, version, sub.kind));
      if (it != defs.end()) AddGvk(it->second, Gvk{group, version, sub.kind});
    }
  }
  for (const auto& r : resources) {
    PathBuilder(*r, defs).Build(model.group_versions[GroupVersionKey(*r)].paths);
  }
  return model;
}

}  // namespace k1s::openapi
