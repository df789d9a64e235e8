#include "pkg/auth/rbac_rules.h"

#include <algorithm>

namespace k1s::auth {

namespace {

constexpr std::string_view kServiceAccountPrefix = "system:serviceaccount:";

std::vector<std::string> Strings(const Json& object, const char* field) {
  std::vector<std::string> out;
  auto it = object.find(field);
  if (it == object.end() || !it->is_array()) return out;
  for (const Json& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

bool Has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool VerbMatches(const PolicyRule& rule, const std::string& verb) {
  return Has(rule.verbs, "*") || Has(rule.verbs, verb);
}

bool ApiGroupMatches(const PolicyRule& rule, const std::string& group) {
  return Has(rule.api_groups, "*") || Has(rule.api_groups, group);
}

bool ResourceMatches(const PolicyRule& rule, const std::string& resource,
                     const std::string& subresource) {
  const std::string combined = subresource.empty() ? resource : resource + "/" + subresource;
  for (const std::string& r : rule.resources) {
    if (r == "*" || r == combined) return true;
    // "*/scale" grants the scale subresource of every resource.
    if (!subresource.empty() && r.size() == subresource.size() + 2 && r.starts_with("*/") &&
        r.ends_with(subresource)) {
      return true;
    }
  }
  return false;
}

bool ResourceNameMatches(const PolicyRule& rule, const std::string& name) {
  return rule.resource_names.empty() || Has(rule.resource_names, name);
}

bool NonResourceUrlMatches(const PolicyRule& rule, const std::string& path) {
  for (const std::string& url : rule.non_resource_urls) {
    if (url == "*" || url == path) return true;
    if (url.ends_with("*") && path.starts_with(std::string_view(url).substr(0, url.size() - 1))) {
      return true;
    }
  }
  return false;
}

}  // namespace

PolicyRule PolicyRule::FromJson(const Json& rule) {
  PolicyRule r;
  if (!rule.is_object()) return r;
  r.verbs = Strings(rule, "verbs");
  r.api_groups = Strings(rule, "apiGroups");
  r.resources = Strings(rule, "resources");
  r.resource_names = Strings(rule, "resourceNames");
  r.non_resource_urls = Strings(rule, "nonResourceURLs");
  return r;
}

Json PolicyRule::ToJson() const {
  Json rule = Json::object();
  rule["verbs"] = verbs;
  if (!api_groups.empty()) rule["apiGroups"] = api_groups;
  if (!resources.empty()) rule["resources"] = resources;
  if (!resource_names.empty()) rule["resourceNames"] = resource_names;
  if (!non_resource_urls.empty()) rule["nonResourceURLs"] = non_resource_urls;
  return rule;
}

std::vector<PolicyRule> RulesOf(const Json& role) {
  std::vector<PolicyRule> rules;
  if (!role.is_object()) return rules;
  auto it = role.find("rules");
  if (it == role.end() || !it->is_array()) return rules;
  for (const Json& rule : *it) rules.push_back(PolicyRule::FromJson(rule));
  return rules;
}

bool RuleAllows(const PolicyRule& rule, const Attributes& request) {
  if (!VerbMatches(rule, request.verb)) return false;
  if (!request.resource_request) return NonResourceUrlMatches(rule, request.path);
  return ApiGroupMatches(rule, request.api_group) &&
         ResourceMatches(rule, request.resource, request.subresource) &&
         ResourceNameMatches(rule, request.name);
}

bool SubjectApplies(const Json& subject, const User& user, const std::string& binding_namespace) {
  if (!subject.is_object()) return false;
  const std::string kind = subject.value("kind", "");
  const std::string name = subject.value("name", "");
  if (kind == "User") return user.name == name;
  if (kind == "Group") return user.InGroup(name);
  if (kind == "ServiceAccount") {
    std::string ns = subject.value("namespace", "");
    if (ns.empty()) ns = binding_namespace;
    if (ns.empty()) return false;
    return user.name == ServiceAccountUserName(ns, name);
  }
  return false;
}

std::string ServiceAccountUserName(const std::string& ns, const std::string& name) {
  return std::string(kServiceAccountPrefix) + ns + ":" + name;
}

bool ParseServiceAccountUserName(const std::string& user, std::string* ns, std::string* name) {
  if (!user.starts_with(kServiceAccountPrefix)) return false;
  std::string rest = user.substr(kServiceAccountPrefix.size());
  size_t colon = rest.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size()) return false;
  if (rest.find(':', colon + 1) != std::string::npos) return false;
  *ns = rest.substr(0, colon);
  *name = rest.substr(colon + 1);
  return true;
}

}  // namespace k1s::auth
