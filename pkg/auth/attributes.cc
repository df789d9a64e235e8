#include "pkg/auth/attributes.h"

#include <algorithm>

namespace k1s::auth {

namespace {

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

bool User::InGroup(const std::string& group) const {
  return std::find(groups.begin(), groups.end(), group) != groups.end();
}

std::string ForbiddenReason(const Attributes& a) {
  std::string who = "User " + Quote(a.user.name) + " cannot " + a.verb;
  if (!a.resource_request) return who + " path " + Quote(a.path);
  std::string resource = a.resource;
  if (!a.subresource.empty()) resource += "/" + a.subresource;
  who += " resource " + Quote(resource) + " in API group " + Quote(a.api_group);
  if (!a.namespace_name.empty()) return who + " in the namespace " + Quote(a.namespace_name);
  return who + " at the cluster scope";
}

std::string ForbiddenMessage(const Attributes& a, const std::string& reason) {
  std::string detail = ForbiddenReason(a);
  if (!reason.empty()) detail += ": " + reason;
  if (!a.resource_request) return "forbidden: " + detail;
  std::string what = a.resource;
  if (!a.api_group.empty()) what += "." + a.api_group;
  if (!a.name.empty()) what += " " + Quote(a.name);
  return what + " is forbidden: " + detail;
}

}  // namespace k1s::auth
