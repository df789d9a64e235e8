#include "pkg/api/registry.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>
#include <string_view>

#include "pkg/api/builtin_resources.h"

namespace k1s::api {
namespace {

// The order kube-apiserver lists built-in groups in /apis: the aggregator
// sorts by group priority (highest first), ties by name. apiregistration
// shares the top priority with the core group, which /api lists separately.
constexpr std::array<std::string_view, 22> kGroupOrder = {
    "",
    "apiregistration.k8s.io",
    "apps",
    "events.k8s.io",
    "authentication.k8s.io",
    "authorization.k8s.io",
    "autoscaling",
    "batch",
    "certificates.k8s.io",
    "networking.k8s.io",
    "policy",
    "rbac.authorization.k8s.io",
    "storage.k8s.io",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "scheduling.k8s.io",
    "coordination.k8s.io",
    "node.k8s.io",
    "discovery.k8s.io",
    "flowcontrol.apiserver.k8s.io",
    "internal.apiserver.k8s.io",
    "resource.k8s.io",
};

// Groups not in kGroupOrder (custom resources) come after the built-in ones,
// by name, as the aggregator ranks CRD groups below every built-in group.
size_t GroupRank(const std::string& group) {
  auto it = std::find(kGroupOrder.begin(), kGroupOrder.end(), group);
  return static_cast<size_t>(it - kGroupOrder.begin());
}

// A version string parsed the way Kubernetes ranks versions: v<major>,
// optionally followed by alpha<minor> or beta<minor>.
struct KubeVersion {
  bool kube_like = false;
  int stability = 0;  // 2 GA, 1 beta, 0 alpha
  long major = 0;
  long minor = 0;
};

bool ParseNumber(std::string_view s, long* out) {
  if (s.empty() || s.size() > 9) return false;
  long value = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

KubeVersion ParseVersion(std::string_view v) {
  KubeVersion parsed;
  if (v.size() < 2 || v[0] != 'v') return parsed;
  v.remove_prefix(1);
  size_t digits = 0;
  while (digits < v.size() && std::isdigit(static_cast<unsigned char>(v[digits]))) ++digits;
  if (digits == 0 || v[0] == '0' || !ParseNumber(v.substr(0, digits), &parsed.major)) {
    return parsed;
  }
  std::string_view rest = v.substr(digits);
  if (rest.empty()) {
    parsed.stability = 2;
  } else if (rest.starts_with("beta")) {
    parsed.stability = 1;
    if (!ParseNumber(rest.substr(4), &parsed.minor)) return parsed;
  } else if (rest.starts_with("alpha")) {
    parsed.stability = 0;
    if (!ParseNumber(rest.substr(5), &parsed.minor)) return parsed;
  } else {
    return parsed;
  }
  parsed.kube_like = true;
  return parsed;
}

// True if version a is preferred over b: Kubernetes-like versions first, GA
// before beta before alpha, higher numbers first; other strings by name.
bool VersionBefore(const std::string& a, const std::string& b) {
  KubeVersion va = ParseVersion(a);
  KubeVersion vb = ParseVersion(b);
  if (va.kube_like != vb.kube_like) return va.kube_like;
  if (!va.kube_like) return a < b;
  if (va.stability != vb.stability) return va.stability > vb.stability;
  if (va.major != vb.major) return va.major > vb.major;
  return va.minor > vb.minor;
}

}  // namespace

std::unique_ptr<Registry> Registry::WithBuiltins() {
  auto registry = std::make_unique<Registry>();
  for (Resource& resource : BuiltinResources()) registry->Add(std::move(resource));
  return registry;
}

std::shared_ptr<const Resource> Registry::Find(const std::string& group, const std::string& version,
                                               const std::string& plural) const {
  std::shared_lock lock(mu_);
  for (const auto& r : resources_) {
    if (r->plural == plural && r->version == version && r->group == group) return r;
  }
  return nullptr;
}

std::shared_ptr<const Resource> Registry::FindKind(const std::string& group,
                                                   const std::string& version,
                                                   const std::string& kind) const {
  std::shared_lock lock(mu_);
  for (const auto& r : resources_) {
    if (r->kind == kind && r->version == version && r->group == group) return r;
  }
  return nullptr;
}

std::vector<std::shared_ptr<const Resource>> Registry::All() const {
  std::shared_lock lock(mu_);
  return resources_;
}

std::vector<Registry::Group> Registry::Groups() const {
  std::vector<Group> groups;
  {
    std::shared_lock lock(mu_);
    for (const auto& r : resources_) {
      auto it = std::find_if(groups.begin(), groups.end(),
                             [&](const Group& g) { return g.name == r->group; });
      if (it == groups.end()) {
        groups.push_back(Group{r->group, {r->version}});
      } else if (std::find(it->versions.begin(), it->versions.end(), r->version) ==
                 it->versions.end()) {
        it->versions.push_back(r->version);
      }
    }
  }
  std::stable_sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
    size_t ra = GroupRank(a.name);
    size_t rb = GroupRank(b.name);
    if (ra != rb) return ra < rb;
    return a.name < b.name;
  });
  for (Group& g : groups) std::stable_sort(g.versions.begin(), g.versions.end(), VersionBefore);
  return groups;
}

void Registry::Add(Resource resource) {
  auto shared = std::make_shared<const Resource>(std::move(resource));
  std::unique_lock lock(mu_);
  for (auto& r : resources_) {
    if (r->plural == shared->plural && r->version == shared->version && r->group == shared->group) {
      r = std::move(shared);
      return;
    }
  }
  resources_.push_back(std::move(shared));
}

void Registry::Remove(const std::string& group, const std::string& version,
                      const std::string& plural) {
  std::unique_lock lock(mu_);
  std::erase_if(resources_, [&](const std::shared_ptr<const Resource>& r) {
    return r->plural == plural && r->version == version && r->group == group;
  });
}

}  // namespace k1s::api
