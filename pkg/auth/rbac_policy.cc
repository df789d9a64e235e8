#include "pkg/auth/rbac_policy.h"

#include <algorithm>
#include <mutex>

#include "pkg/util/labels.h"

namespace k1s::auth {

namespace {

// The parts of an RBAC key: plural, namespace ("" for cluster kinds), name.
struct KeyParts {
  std::string plural, ns, name;
};

bool SplitKey(const std::string& key, KeyParts* parts) {
  if (!key.starts_with(kRbacKeyPrefix)) return false;
  std::string rest = key.substr(kRbacKeyPrefix.size());
  size_t slash = rest.find('/');
  if (slash == std::string::npos) return false;
  parts->plural = rest.substr(0, slash);
  rest = rest.substr(slash + 1);
  const bool namespaced = parts->plural == "roles" || parts->plural == "rolebindings";
  if (namespaced) {
    slash = rest.find('/');
    if (slash == std::string::npos) return false;
    parts->ns = rest.substr(0, slash);
    rest = rest.substr(slash + 1);
  }
  parts->name = rest;
  return !parts->name.empty();
}

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

std::string SubjectText(const Json& subject, const std::string& binding_namespace) {
  const std::string kind = subject.value("kind", "");
  std::string name = subject.value("name", "");
  if (kind == "ServiceAccount") {
    std::string ns = subject.value("namespace", binding_namespace);
    name = ns + "/" + name;
  }
  return kind + " " + Quote(name);
}

}  // namespace

void RbacPolicy::Put(const std::string& key, const Json& object) {
  KeyParts k;
  if (!SplitKey(key, &k) || !object.is_object()) return;
  std::unique_lock lock(mu_);
  if (k.plural == "clusterroles" || k.plural == "roles") {
    Role role{object, RulesOf(object)};
    if (k.plural == "clusterroles") {
      cluster_roles_[k.name] = std::move(role);
    } else {
      roles_[k.ns][k.name] = std::move(role);
    }
    return;
  }
  if (k.plural != "clusterrolebindings" && k.plural != "rolebindings") return;
  const Json ref = object.value("roleRef", Json::object());
  Binding binding{k.name, ref.value("kind", ""), ref.value("name", ""),
                  object.value("subjects", Json::array())};
  if (!binding.subjects.is_array()) binding.subjects = Json::array();
  if (k.plural == "clusterrolebindings") {
    cluster_bindings_[k.name] = std::move(binding);
  } else {
    bindings_[k.ns][k.name] = std::move(binding);
  }
}

void RbacPolicy::Remove(const std::string& key) {
  KeyParts k;
  if (!SplitKey(key, &k)) return;
  std::unique_lock lock(mu_);
  if (k.plural == "clusterroles") cluster_roles_.erase(k.name);
  if (k.plural == "clusterrolebindings") cluster_bindings_.erase(k.name);
  if (k.plural == "roles") {
    auto it = roles_.find(k.ns);
    if (it != roles_.end() && it->second.erase(k.name) > 0 && it->second.empty()) roles_.erase(it);
  }
  if (k.plural == "rolebindings") {
    auto it = bindings_.find(k.ns);
    if (it != bindings_.end() && it->second.erase(k.name) > 0 && it->second.empty()) {
      bindings_.erase(it);
    }
  }
}

void RbacPolicy::Clear() {
  std::unique_lock lock(mu_);
  cluster_roles_.clear();
  roles_.clear();
  cluster_bindings_.clear();
  bindings_.clear();
}

template <typename Visit>
void RbacPolicy::VisitRules(const User& user, const std::string& namespace_name,
                            const Visit& visit) const {
  auto applies = [&user](const Binding& b, const std::string& ns) -> const Json* {
    for (const Json& subject : b.subjects) {
      if (SubjectApplies(subject, user, ns)) return &subject;
    }
    return nullptr;
  };
  for (const auto& [name, binding] : cluster_bindings_) {
    const Json* subject = applies(binding, "");
    if (subject == nullptr || binding.role_kind != "ClusterRole") continue;
    auto role = cluster_roles_.find(binding.role_name);
    if (role == cluster_roles_.end()) continue;
    if (visit("ClusterRoleBinding", binding, std::string(), *subject, role->second.rules)) return;
  }
  if (namespace_name.empty()) return;
  auto ns_bindings = bindings_.find(namespace_name);
  if (ns_bindings == bindings_.end()) return;
  for (const auto& [name, binding] : ns_bindings->second) {
    const Json* subject = applies(binding, namespace_name);
    if (subject == nullptr) continue;
    const std::vector<PolicyRule>* rules = nullptr;
    if (binding.role_kind == "ClusterRole") {
      auto role = cluster_roles_.find(binding.role_name);
      if (role != cluster_roles_.end()) rules = &role->second.rules;
    } else if (binding.role_kind == "Role") {
      auto ns_roles = roles_.find(namespace_name);
      if (ns_roles != roles_.end()) {
        auto role = ns_roles->second.find(binding.role_name);
        if (role != ns_roles->second.end()) rules = &role->second.rules;
      }
    }
    if (rules == nullptr) continue;
    if (visit("RoleBinding", binding, namespace_name, *subject, *rules)) return;
  }
}

Decision RbacPolicy::Authorize(const Attributes& attributes) const {
  std::shared_lock lock(mu_);
  Decision decision;
  VisitRules(attributes.user, attributes.namespace_name,
             [&](const char* kind, const Binding& binding, const std::string& ns,
                 const Json& subject, const std::vector<PolicyRule>& rules) {
               for (const PolicyRule& rule : rules) {
                 if (!RuleAllows(rule, attributes)) continue;
                 decision.allowed = true;
                 std::string where = Quote(binding.name);
                 if (!ns.empty()) where = Quote(binding.name + "/" + ns);
                 decision.reason = std::string("RBAC: allowed by ") + kind + " " + where + " of " +
                                   binding.role_kind + " " + Quote(binding.role_name) + " to " +
                                   SubjectText(subject, ns);
                 return true;
               }
               return false;
             });
  return decision;
}

std::vector<PolicyRule> RbacPolicy::RulesFor(const User& user,
                                             const std::string& namespace_name) const {
  std::shared_lock lock(mu_);
  std::vector<PolicyRule> out;
  VisitRules(user, namespace_name,
             [&](const char*, const Binding&, const std::string&, const Json&,
                 const std::vector<PolicyRule>& rules) {
               out.insert(out.end(), rules.begin(), rules.end());
               return false;
             });
  return out;
}

std::vector<std::pair<std::string, Json>> RbacPolicy::StaleAggregations() const {
  std::shared_lock lock(mu_);
  std::vector<std::pair<std::string, Json>> stale;
  for (const auto& [name, role] : cluster_roles_) {
    auto rule = role.object.find("aggregationRule");
    if (rule == role.object.end() || !rule->is_object()) continue;
    std::vector<LabelSelector> selectors;
    for (const Json& s : rule->value("clusterRoleSelectors", Json::array())) {
      auto selector = LabelSelector::FromJson(s);
      if (selector.ok()) selectors.push_back(std::move(selector).value());
    }
    std::vector<PolicyRule> want;
    for (const auto& [other_name, other] : cluster_roles_) {
      if (other_name == name) continue;
      bool selected = false;
      for (const LabelSelector& s : selectors) selected = selected || s.MatchesObject(other.object);
      if (!selected) continue;
      for (const PolicyRule& r : other.rules) {
        if (std::find(want.begin(), want.end(), r) == want.end()) want.push_back(r);
      }
    }
    if (want == role.rules) continue;
    Json rules = Json::array();
    for (const PolicyRule& r : want) rules.push_back(r.ToJson());
    stale.emplace_back(name, std::move(rules));
  }
  return stale;
}

}  // namespace k1s::auth
