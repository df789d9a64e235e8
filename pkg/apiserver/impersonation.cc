#include "pkg/apiserver/impersonation.h"

#include <algorithm>

#include "pkg/apiserver/api_status.h"
#include "pkg/auth/rbac_rules.h"

namespace k1s::apiserver {

namespace {

constexpr std::string_view kExtraPrefix = "impersonate-extra-";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// Extra keys travel percent-encoded in header names.
std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string> Values(const http::Request& request, const char* name) {
  std::vector<std::string> out;
  auto [begin, end] = request.headers.equal_range(name);
  for (auto it = begin; it != end; ++it) out.push_back(it->second);
  return out;
}

auth::Attributes ImpersonateAttributes(const UserInfo& requester, std::string group,
                                       std::string resource, std::string name,
                                       std::string ns = "", std::string subresource = "") {
  auth::Attributes a;
  a.user = requester;
  a.verb = "impersonate";
  a.resource_request = true;
  a.api_group = std::move(group);
  a.resource = std::move(resource);
  a.subresource = std::move(subresource);
  a.name = std::move(name);
  a.namespace_name = std::move(ns);
  return a;
}

}  // namespace

Impersonation Impersonate(const http::Request& request, const UserInfo& requester,
                          const Authorizer& authorizer) {
  Impersonation result;
  const std::vector<std::string> users = Values(request, "Impersonate-User");
  const std::vector<std::string> groups = Values(request, "Impersonate-Group");
  const std::vector<std::string> uids = Values(request, "Impersonate-Uid");
  std::map<std::string, std::vector<std::string>> extra;
  for (const auto& [name, value] : request.headers) {
    std::string lower = Lower(name);
    if (lower.starts_with(kExtraPrefix)) {
      extra[PercentDecode(lower.substr(kExtraPrefix.size()))].push_back(value);
    }
  }
  if (users.empty() && groups.empty() && uids.empty() && extra.empty()) return result;
  if (users.empty()) {
    Status status = Status::BadRequest("requested impersonation without impersonating a user");
    result.refusal = http::Reply(http::Response::Json(400, StatusObject(status).dump()));
    return result;
  }

  std::vector<auth::Attributes> checks;
  UserInfo user;
  user.name = users.front();
  std::string sa_ns, sa_name;
  const bool service_account = auth::ParseServiceAccountUserName(user.name, &sa_ns, &sa_name);
  if (service_account) {
    checks.push_back(ImpersonateAttributes(requester, "", "serviceaccounts", sa_name, sa_ns));
    // A service account's groups come with its name unless groups are given.
    if (groups.empty()) user.groups = {"system:serviceaccounts", "system:serviceaccounts:" + sa_ns};
  } else {
    checks.push_back(ImpersonateAttributes(requester, "", "users", user.name));
  }
  for (const std::string& g : groups) {
    checks.push_back(ImpersonateAttributes(requester, "", "groups", g));
    user.groups.push_back(g);
  }
  if (!uids.empty()) {
    user.uid = uids.front();
    checks.push_back(ImpersonateAttributes(requester, "authentication.k8s.io", "uids", user.uid));
  }
  for (const auto& [key, values] : extra) {
    for (const std::string& v : values) {
      checks.push_back(ImpersonateAttributes(requester, "authentication.k8s.io", "userextras", v, "", key));
    }
  }
  user.extra = std::move(extra);
  for (const auth::Attributes& check : checks) {
    auth::Decision decision = authorizer.Authorize(check);
    if (!decision.allowed) {
      result.refusal = ForbiddenReply(check, decision.reason);
      return result;
    }
  }
  const bool anonymous = user.name == "system:anonymous";
  const std::string implicit = anonymous ? "system:unauthenticated" : "system:authenticated";
  if (!user.InGroup(implicit)) user.groups.push_back(implicit);
  result.user = std::move(user);
  return result;
}

}  // namespace k1s::apiserver
