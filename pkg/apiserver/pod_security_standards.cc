#include "pkg/apiserver/pod_security_standards.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <regex>
#include <set>

#include "pkg/apiserver/field_errors.h"

namespace k1s::apiserver::pss {

namespace {

using Json = nlohmann::json;

constexpr const char* kLabelPrefix = "pod-security.kubernetes.io/";

const Json& Field(const Json& object, const char* key) {
  static const Json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

const Json& Path(const Json& object, std::initializer_list<const char*> keys) {
  const Json* at = &object;
  for (const char* key : keys) at = &Field(*at, key);
  return *at;
}

std::string Str(const Json& v) { return v.is_string() ? v.get<std::string>() : ""; }
bool IsTrue(const Json& v) { return v.is_boolean() && v.get<bool>(); }
bool IsFalse(const Json& v) { return v.is_boolean() && !v.get<bool>(); }

std::string JoinQuote(const std::vector<std::string>& items) {
  if (items.empty()) return "";
  std::string out = "\"";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "\", \"" : "") + items[i];
  return out + "\"";
}
std::string JoinQuote(const std::set<std::string>& items) {
  return JoinQuote(std::vector(items.begin(), items.end()));
}

std::string Join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

const char* Plural(const char* singular, const char* plural, size_t count) {
  return count == 1 ? singular : plural;
}

// "container \"a\"" / "containers \"a\", \"b\"".
std::string Containers(const std::vector<std::string>& names) {
  return std::string(Plural("container", "containers", names.size())) + " " + JoinQuote(names);
}

// Init containers, containers, then ephemeral containers, as Kubernetes
// visits them.
void VisitContainers(const Json& spec, const std::function<void(const Json&)>& visit) {
  for (const char* list : {"initContainers", "containers", "ephemeralContainers"}) {
    const Json& items = Field(spec, list);
    if (!items.is_array()) continue;
    for (const Json& c : items) {
      if (c.is_object()) visit(c);
    }
  }
}

std::string Name(const Json& container) { return Str(Field(container, "name")); }
const Json& SecurityContext(const Json& container) { return Field(container, "securityContext"); }

using Result = std::optional<Violation>;
using CheckFn = std::function<Result(const Json& metadata, const Json& spec, int minor)>;

// ---- baseline ----

Result HostProcess(const Json&, const Json& spec, int) {
  std::vector<std::string> setters;
  if (IsTrue(Path(spec, {"securityContext", "windowsOptions", "hostProcess"})))
    setters.push_back("pod");
  std::vector<std::string> bad;
  VisitContainers(spec, [&](const Json& c) {
    if (IsTrue(Path(SecurityContext(c), {"windowsOptions", "hostProcess"}))) bad.push_back(Name(c));
  });
  if (!bad.empty()) setters.push_back(Containers(bad));
  if (setters.empty()) return std::nullopt;
  return Violation{
      "hostProcess",
      Join(setters, " and ") + " must not set securityContext.windowsOptions.hostProcess=true"};
}

Result HostNamespaces(const Json&, const Json& spec, int) {
  std::vector<std::string> used;
  for (const char* f : {"hostNetwork", "hostPID", "hostIPC"}) {
    if (IsTrue(Field(spec, f))) used.push_back(std::string(f) + "=true");
  }
  if (used.empty()) return std::nullopt;
  return Violation{"host namespaces", Join(used, ", ")};
}

Result Privileged(const Json&, const Json& spec, int) {
  std::vector<std::string> bad;
  VisitContainers(spec, [&](const Json& c) {
    if (IsTrue(Field(SecurityContext(c), "privileged"))) bad.push_back(Name(c));
  });
  if (bad.empty()) return std::nullopt;
  return Violation{"privileged", Containers(bad) + " must not set securityContext.privileged=true"};
}

Result CapabilitiesBaseline(const Json&, const Json& spec, int) {
  static const std::set<std::string> kAllowed = {
      "AUDIT_WRITE",      "CHOWN",   "DAC_OVERRIDE", "FOWNER",  "FSETID", "KILL",      "MKNOD",
      "NET_BIND_SERVICE", "SETFCAP", "SETGID",       "SETPCAP", "SETUID", "SYS_CHROOT"};
  std::vector<std::string> bad;
  std::set<std::string> added;
  VisitContainers(spec, [&](const Json& c) {
    const Json& add = Path(SecurityContext(c), {"capabilities", "add"});
    if (!add.is_array()) return;
    bool valid = true;
    for (const Json& cap : add) {
      if (!kAllowed.count(Str(cap))) {
        valid = false;
        added.insert(Str(cap));
      }
    }
    if (!valid) bad.push_back(Name(c));
  });
  if (bad.empty()) return std::nullopt;
  return Violation{"non-default capabilities", Containers(bad) + " must not include " +
                                                   JoinQuote(added) +
                                                   " in securityContext.capabilities.add"};
}

Result HostPathVolumes(const Json&, const Json& spec, int) {
  std::vector<std::string> bad;
  const Json& volumes = Field(spec, "volumes");
  if (volumes.is_array()) {
    for (const Json& v : volumes) {
      if (!Field(v, "hostPath").is_null()) bad.push_back(Str(Field(v, "name")));
    }
  }
  if (bad.empty()) return std::nullopt;
  return Violation{"hostPath volumes",
                   std::string(Plural("volume", "volumes", bad.size())) + " " + JoinQuote(bad)};
}

Result HostPorts(const Json&, const Json& spec, int) {
  std::vector<std::string> bad;
  std::set<std::string> ports;  // sorted as strings, as Kubernetes sorts them
  VisitContainers(spec, [&](const Json& c) {
    bool valid = true;
    const Json& list = Field(c, "ports");
    if (list.is_array()) {
      for (const Json& p : list) {
        const Json& host = Field(p, "hostPort");
        if (host.is_number_integer() && host.get<int64_t>() != 0) {
          valid = false;
          ports.insert(std::to_string(host.get<int64_t>()));
        }
      }
    }
    if (!valid) bad.push_back(Name(c));
  });
  if (bad.empty()) return std::nullopt;
  return Violation{"hostPort", Containers(bad) + " " + Plural("uses", "use", bad.size()) + " " +
                                   Plural("hostPort", "hostPorts", ports.size()) + " " +
                                   Join(std::vector(ports.begin(), ports.end()), ", ")};
}

Result AppArmor(const Json& metadata, const Json& spec, int) {
  auto allowed_type = [](const Json& profile) {
    const std::string type = Str(Field(profile, "type"));
    return type == "RuntimeDefault" || type == "Localhost";
  };
  std::vector<std::string> setters;
  std::set<std::string> values;
  const Json& pod_profile = Path(spec, {"securityContext", "appArmorProfile"});
  if (pod_profile.is_object() && !allowed_type(pod_profile)) {
    setters.push_back("pod");
    values.insert(Str(Field(pod_profile, "type")));
  }
  std::vector<std::string> bad;
  VisitContainers(spec, [&](const Json& c) {
    const Json& profile = Field(SecurityContext(c), "appArmorProfile");
    if (profile.is_object() && !allowed_type(profile)) {
      bad.push_back(Name(c));
      values.insert(Str(Field(profile, "type")));
    }
  });
  if (!bad.empty()) setters.push_back(Containers(bad));
  std::vector<std::string> value_list(values.begin(), values.end());
  std::vector<std::string> annotations;
  const Json& anns = Field(metadata, "annotations");
  if (anns.is_object()) {
    for (const auto& [key, value] : anns.items()) {
      const std::string v = Str(value);
      if (key.rfind("container.apparmor.security.beta.kubernetes.io/", 0) == 0 && !v.empty() &&
          v != "runtime/default" && v.rfind("localhost/", 0) != 0) {
        annotations.push_back(key + "=" + GoQuoted(v));
      }
    }
  }
  if (!annotations.empty()) {
    std::sort(annotations.begin(), annotations.end());
    value_list.insert(value_list.end(), annotations.begin(), annotations.end());
    setters.push_back(Plural("annotation", "annotations", annotations.size()));
  }
  if (setters.empty()) return std::nullopt;
  return Violation{
      Plural("forbidden AppArmor profile", "forbidden AppArmor profiles", value_list.size()),
      Join(setters, " and ") + " must not set AppArmor profile type to " + JoinQuote(value_list)};
}

Result SELinux(const Json&, const Json& spec, int) {
  static const std::set<std::string> kTypes = {"", "container_t", "container_init_t",
                                               "container_kvm_t"};
  std::set<std::string> bad_types;
  bool set_user = false, set_role = false;
  auto valid = [&](const Json& opts) {
    bool ok = true;
    if (!kTypes.count(Str(Field(opts, "type")))) {
      ok = false;
      bad_types.insert(Str(Field(opts, "type")));
    }
    if (!Str(Field(opts, "user")).empty()) {
      ok = false;
      set_user = true;
    }
    if (!Str(Field(opts, "role")).empty()) {
      ok = false;
      set_role = true;
    }
    return ok;
  };
  std::vector<std::string> setters;
  const Json& pod_opts = Path(spec, {"securityContext", "seLinuxOptions"});
  if (pod_opts.is_object() && !valid(pod_opts)) setters.push_back("pod");
  std::vector<std::string> bad;
  VisitContainers(spec, [&](const Json& c) {
    const Json& opts = Field(SecurityContext(c), "seLinuxOptions");
    if (opts.is_object() && !valid(opts)) bad.push_back(Name(c));
  });
  if (!bad.empty()) setters.push_back(Containers(bad));
  if (setters.empty()) return std::nullopt;
  std::vector<std::string> data;
  // Kubernetes names the user and role only alongside a bad type.
  if (!bad_types.empty()) {
    data.push_back(std::string(Plural("type", "types", bad_types.size())) + " " +
                   JoinQuote(bad_types));
    if (set_user) data.push_back("user may not be set");
    if (set_role) data.push_back("role may not be set");
  }
  return Violation{"seLinuxOptions",
                   Join(setters, " and ") +
                       " set forbidden securityContext.seLinuxOptions: " + Join(data, "; ")};
}

Result ProcMount(const Json&, const Json& spec, int) {
  std::vector<std::string> bad;
  std::set<std::string> types;
  VisitContainers(spec, [&](const Json& c) {
    const Json& mount = Field(SecurityContext(c), "procMount");
    if (mount.is_string() && mount.get<std::string>() != "Default") {
      bad.push_back(Name(c));
      types.insert(mount.get<std::string>());
    }
  });
  if (bad.empty()) return std::nullopt;
  return Violation{"procMount", Containers(bad) + " must not set securityContext.procMount to " +
                                    JoinQuote(types)};
}

bool ValidSeccompType(const Json& profile) {
  const std::string type = Str(Field(profile, "type"));
  return type == "RuntimeDefault" || type == "Localhost";
}

Result SeccompBaseline(const Json& metadata, const Json& spec, int minor) {
  if (minor != 0 && minor < 19) {
    // Before v1.19 seccomp was set by annotations.
    auto valid = [](const std::string& v) {
      return v == "runtime/default" || v == "docker/default" || v.rfind("localhost/", 0) == 0;
    };
    std::set<std::string> forbidden;
    const Json& anns = Field(metadata, "annotations");
    const std::string pod_key = "seccomp.security.alpha.kubernetes.io/pod";
    if (anns.is_object() && anns.contains(pod_key) && !valid(Str(anns[pod_key]))) {
      forbidden.insert(pod_key + "=" + GoQuoted(Str(anns[pod_key])));
    }
    VisitContainers(spec, [&](const Json& c) {
      const std::string key = "container.seccomp.security.alpha.kubernetes.io/" + Name(c);
      if (anns.is_object() && anns.contains(key) && !valid(Str(anns[key]))) {
        forbidden.insert(key + "=" + GoQuoted(Str(anns[key])));
      }
    });
    if (forbidden.empty()) return std::nullopt;
    return Violation{"seccompProfile",
                     std::string("forbidden ") +
                         Plural("annotation", "annotations", forbidden.size()) + " " +
                         Join(std::vector(forbidden.begin(), forbidden.end()), ", ")};
  }
  std::vector<std::string> setters;
  std::set<std::string> values;
  const Json& pod_profile = Path(spec, {"securityContext", "seccompProfile"});
  if (pod_profile.is_object() && !ValidSeccompType(pod_profile)) {
    setters.push_back("pod");
    values.insert(Str(Field(pod_profile, "type")));
  }
  std::vector<std::string> bad;
  VisitContainers(spec, [&](const Json& c) {
    const Json& profile = Field(SecurityContext(c), "seccompProfile");
    if (profile.is_object() && !ValidSeccompType(profile)) {
      bad.push_back(Name(c));
      values.insert(Str(Field(profile, "type")));
    }
  });
  if (!bad.empty()) setters.push_back(Containers(bad));
  if (setters.empty()) return std::nullopt;
  return Violation{"seccompProfile", Join(setters, " and ") +
                                         " must not set securityContext.seccompProfile.type to " +
                                         JoinQuote(values)};
}

Result Sysctls(const Json&, const Json& spec, int minor) {
  std::set<std::string> allowed = {"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
                                   "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
                                   "net.ipv4.ip_unprivileged_port_start"};
  const bool latest = minor == 0;
  if (latest || minor >= 27) allowed.insert("net.ipv4.ip_local_reserved_ports");
  if (latest || minor >= 29) {
    allowed.insert({"net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
                    "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"});
  }
  if (latest || minor >= 32) allowed.insert({"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"});
  std::vector<std::string> bad;
  const Json& sysctls = Path(spec, {"securityContext", "sysctls"});
  if (sysctls.is_array()) {
    for (const Json& s : sysctls) {
      if (!allowed.count(Str(Field(s, "name")))) bad.push_back(Str(Field(s, "name")));
    }
  }
  if (bad.empty()) return std::nullopt;
  return Violation{"forbidden sysctls", Join(bad, ", ")};
}

// ---- restricted ----

Result AllowPrivilegeEscalation(const Json&, const Json& spec, int) {
  std::vector<std::string> bad;
  VisitContainers(spec, [&](const Json& c) {
    if (!IsFalse(Field(SecurityContext(c), "allowPrivilegeEscalation"))) bad.push_back(Name(c));
  });
  if (bad.empty()) return std::nullopt;
  return Violation{"allowPrivilegeEscalation != false",
                   Containers(bad) + " must set securityContext.allowPrivilegeEscalation=false"};
}

Result CapabilitiesRestricted(const Json&, const Json& spec, int) {
  std::vector<std::string> missing_drop, adding;
  std::set<std::string> forbidden;
  VisitContainers(spec, [&](const Json& c) {
    const Json& caps = Field(SecurityContext(c), "capabilities");
    if (!caps.is_object()) {
      missing_drop.push_back(Name(c));
      return;
    }
    const Json& drop = Field(caps, "drop");
    bool dropped_all = false;
    if (drop.is_array()) {
      for (const Json& d : drop) dropped_all |= Str(d) == "ALL";
    }
    if (!dropped_all) missing_drop.push_back(Name(c));
    bool bad_add = false;
    const Json& add = Field(caps, "add");
    if (add.is_array()) {
      for (const Json& a : add) {
        if (Str(a) != "NET_BIND_SERVICE") {
          bad_add = true;
          forbidden.insert(Str(a));
        }
      }
    }
    if (bad_add) adding.push_back(Name(c));
  });
  std::vector<std::string> details;
  if (!missing_drop.empty()) {
    details.push_back(Containers(missing_drop) +
                      " must set securityContext.capabilities.drop=[\"ALL\"]");
  }
  if (!adding.empty()) {
    details.push_back(Containers(adding) + " must not include " + JoinQuote(forbidden) +
                      " in securityContext.capabilities.add");
  }
  if (details.empty()) return std::nullopt;
  return Violation{"unrestricted capabilities", Join(details, "; ")};
}

Result RestrictedVolumes(const Json&, const Json& spec, int) {
  static const char* kAllowed[] = {"configMap", "csi",       "downwardAPI",
                                   "emptyDir",  "ephemeral", "persistentVolumeClaim",
                                   "projected", "secret"};
  static const char* kRestricted[] = {"gcePersistentDisk",
                                      "awsElasticBlockStore",
                                      "gitRepo",
                                      "nfs",
                                      "iscsi",
                                      "glusterfs",
                                      "rbd",
                                      "flexVolume",
                                      "cinder",
                                      "cephfs",
                                      "flocker",
                                      "fc",
                                      "azureFile",
                                      "vsphereVolume",
                                      "quobyte",
                                      "azureDisk",
                                      "photonPersistentDisk",
                                      "portworxVolume",
                                      "scaleIO",
                                      "storageos"};
  std::vector<std::string> bad;
  std::set<std::string> types;
  const Json& volumes = Field(spec, "volumes");
  if (volumes.is_array()) {
    for (const Json& v : volumes) {
      if (std::any_of(std::begin(kAllowed), std::end(kAllowed),
                      [&](const char* k) { return !Field(v, k).is_null(); })) {
        continue;
      }
      bad.push_back(Str(Field(v, "name")));
      std::string type = "unknown";
      if (!Field(v, "hostPath").is_null()) {
        type = "hostPath";
      } else {
        for (const char* k : kRestricted) {
          if (!Field(v, k).is_null()) {
            type = k;
            break;
          }
        }
      }
      types.insert(type);
    }
  }
  if (bad.empty()) return std::nullopt;
  return Violation{"restricted volume types",
                   std::string(Plural("volume", "volumes", bad.size())) + " " + JoinQuote(bad) +
                       " " + Plural("uses", "use", bad.size()) + " " +
                       Plural("restricted volume type", "restricted volume types", types.size()) +
                       " " + JoinQuote(types)};
}

Result RunAsNonRoot(const Json&, const Json& spec, int) {
  std::vector<std::string> setters;
  bool pod_non_root = false;
  const Json& pod_value = Path(spec, {"securityContext", "runAsNonRoot"});
  if (IsFalse(pod_value)) setters.push_back("pod");
  if (IsTrue(pod_value)) pod_non_root = true;
  std::vector<std::string> explicit_bad, implicit_bad;
  VisitContainers(spec, [&](const Json& c) {
    const Json& v = Field(SecurityContext(c), "runAsNonRoot");
    if (v.is_boolean()) {
      if (!v.get<bool>()) explicit_bad.push_back(Name(c));
    } else if (!pod_non_root) {
      implicit_bad.push_back(Name(c));
    }
  });
  if (!explicit_bad.empty()) setters.push_back(Containers(explicit_bad));
  if (!setters.empty()) {
    return Violation{"runAsNonRoot != true",
                     Join(setters, " and ") + " must not set securityContext.runAsNonRoot=false"};
  }
  if (implicit_bad.empty()) return std::nullopt;
  return Violation{"runAsNonRoot != true", "pod or " + Containers(implicit_bad) +
                                               " must set securityContext.runAsNonRoot=true"};
}

Result RunAsUser(const Json&, const Json& spec, int) {
  auto is_root = [](const Json& v) { return v.is_number_integer() && v.get<int64_t>() == 0; };
  std::vector<std::string> setters;
  if (is_root(Path(spec, {"securityContext", "runAsUser"}))) setters.push_back("pod");
  std::vector<std::string> bad;
  VisitContainers(spec, [&](const Json& c) {
    if (is_root(Field(SecurityContext(c), "runAsUser"))) bad.push_back(Name(c));
  });
  if (!bad.empty()) setters.push_back(Containers(bad));
  if (setters.empty()) return std::nullopt;
  return Violation{"runAsUser=0", Join(setters, " and ") + " must not set runAsUser=0"};
}

Result SeccompRestricted(const Json&, const Json& spec, int) {
  std::vector<std::string> setters;
  std::set<std::string> values;
  bool pod_set = false;
  const Json& pod_profile = Path(spec, {"securityContext", "seccompProfile"});
  if (pod_profile.is_object()) {
    if (!ValidSeccompType(pod_profile)) {
      setters.push_back("pod");
      values.insert(Str(Field(pod_profile, "type")));
    } else {
      pod_set = true;
    }
  }
  std::vector<std::string> explicit_bad, implicit_bad;
  VisitContainers(spec, [&](const Json& c) {
    const Json& profile = Field(SecurityContext(c), "seccompProfile");
    if (profile.is_object()) {
      if (!ValidSeccompType(profile)) {
        explicit_bad.push_back(Name(c));
        values.insert(Str(Field(profile, "type")));
      }
    } else if (!pod_set) {
      implicit_bad.push_back(Name(c));
    }
  });
  if (!explicit_bad.empty()) setters.push_back(Containers(explicit_bad));
  if (!setters.empty()) {
    return Violation{"seccompProfile", Join(setters, " and ") +
                                           " must not set securityContext.seccompProfile.type to " +
                                           JoinQuote(values)};
  }
  if (implicit_bad.empty()) return std::nullopt;
  return Violation{"seccompProfile",
                   "pod or " + Containers(implicit_bad) +
                       " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or "
                       "\"Localhost\""};
}

enum class Kind { kBaseline, kOverlappingBaseline, kRestricted };

struct Check {
  Kind kind;
  int min_minor;  // the first version of the Standards with the check
  CheckFn fn;
};

// In the order Kubernetes registers them (by the name of the file that
// defines each). Baseline checks that restricted ones supersede (capabilities,
// hostPath volumes, seccomp) overlap: they run at the baseline level only.
const std::vector<Check>& Checks() {
  static const std::vector<Check> kChecks = {
      {Kind::kRestricted, 8, AllowPrivilegeEscalation},
      {Kind::kBaseline, 0, AppArmor},
      {Kind::kOverlappingBaseline, 0, CapabilitiesBaseline},
      {Kind::kRestricted, 22, CapabilitiesRestricted},
      {Kind::kBaseline, 0, HostNamespaces},
      {Kind::kOverlappingBaseline, 0, HostPathVolumes},
      {Kind::kBaseline, 0, HostPorts},
      {Kind::kBaseline, 0, Privileged},
      {Kind::kBaseline, 0, ProcMount},
      {Kind::kRestricted, 0, RestrictedVolumes},
      {Kind::kRestricted, 0, RunAsNonRoot},
      {Kind::kRestricted, 23, RunAsUser},
      {Kind::kBaseline, 0, SELinux},
      {Kind::kOverlappingBaseline, 0, SeccompBaseline},
      {Kind::kRestricted, 19, SeccompRestricted},
      {Kind::kBaseline, 0, Sysctls},
      {Kind::kBaseline, 0, HostProcess},
  };
  return kChecks;
}

std::optional<Level> ParseLevel(const std::string& s) {
  if (s == "privileged") return Level::kPrivileged;
  if (s == "baseline") return Level::kBaseline;
  if (s == "restricted") return Level::kRestricted;
  return std::nullopt;
}

std::optional<int> ParseVersion(const std::string& s) {
  if (s == "latest") return 0;
  static const std::regex kVersion("^v1\\.([0-9]|[1-9][0-9]{0,8})$");
  std::smatch m;
  if (!std::regex_match(s, m, kVersion)) return std::nullopt;
  const int minor = std::stoi(m[1].str());
  // v1.0 is a real version, not latest.
  return minor == 0 ? -1 : minor;
}

}  // namespace

std::string LevelVersion::String() const {
  const char* names[] = {"privileged", "baseline", "restricted"};
  std::string out = names[static_cast<int>(level)];
  out += ":";
  if (minor == 0) return out + "latest";
  return out + "v1." + std::to_string(minor < 0 ? 0 : minor);
}

Policy PolicyFromLabels(const Json& labels, std::vector<StatusCause>* errors) {
  Policy p;
  if (!labels.is_object()) return p;
  auto label = [&](const std::string& mode, const char* suffix) -> std::optional<std::string> {
    const std::string key = kLabelPrefix + mode + suffix;
    auto it = labels.find(key);
    if (it == labels.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  auto invalid = [&](const std::string& mode, const char* suffix, const std::string& value,
                     const char* why) {
    if (errors == nullptr) return;
    errors->push_back(
        FieldInvalid("metadata.labels[" + std::string(kLabelPrefix) + mode + suffix + "]",
                     GoQuoted(value), why));
  };
  constexpr const char* kBadLevel = "must be one of privileged, baseline, restricted";
  constexpr const char* kBadVersion = "must be \"latest\" or \"v1.x\"";
  bool has_enforce_level = false, has_warn_level = false, has_warn_version = false;
  struct Mode {
    const char* name;
    LevelVersion* lv;
    Level on_error;
  };
  for (Mode mode :
       {Mode{"enforce", &p.enforce, Level::kRestricted},
        Mode{"audit", &p.audit, Level::kPrivileged}, Mode{"warn", &p.warn, Level::kPrivileged}}) {
    const std::string name = mode.name;
    if (auto level = label(name, "")) {
      auto parsed = ParseLevel(*level);
      if (!parsed) invalid(name, "", *level, kBadLevel);
      mode.lv->level = parsed.value_or(mode.on_error);
      if (name == "enforce") has_enforce_level = parsed.has_value();
      if (name == "warn") has_warn_level = true;
    }
    if (auto version = label(name, "-version")) {
      auto parsed = ParseVersion(*version);
      if (!parsed) invalid(name, "-version", *version, kBadVersion);
      mode.lv->minor = parsed.value_or(0);
      if (name == "warn") has_warn_version = true;
    }
  }
  // A warn level left unset follows a stricter enforce level.
  if (!has_warn_level && has_enforce_level && p.enforce.level > p.warn.level) {
    p.warn.level = p.enforce.level;
    if (!has_warn_version) p.warn.minor = p.enforce.minor;
  }
  return p;
}

std::vector<Violation> Evaluate(const LevelVersion& lv, const Json& metadata, const Json& spec) {
  std::vector<Violation> out;
  if (lv.level == Level::kPrivileged) return out;
  const int minor = lv.minor < 0 ? 0 : lv.minor;
  const bool latest = lv.minor == 0;
  // Baseline runs its checks in order; restricted runs the baseline checks it
  // does not supersede, then its own.
  auto run = [&](std::initializer_list<Kind> kinds) {
    for (const Check& check : Checks()) {
      if (std::find(kinds.begin(), kinds.end(), check.kind) == kinds.end()) continue;
      if (!latest && minor < check.min_minor) continue;
      if (auto v = check.fn(metadata, spec, latest ? 0 : std::max(minor, 1)))
        out.push_back(std::move(*v));
    }
  };
  if (lv.level == Level::kBaseline) {
    run({Kind::kBaseline, Kind::kOverlappingBaseline});
  } else {
    run({Kind::kBaseline});
    run({Kind::kRestricted});
  }
  return out;
}

std::string ForbiddenDetail(const std::vector<Violation>& violations) {
  std::string out;
  for (size_t i = 0; i < violations.size(); ++i) {
    if (i) out += ", ";
    out += violations[i].reason;
    if (!violations[i].detail.empty()) out += " (" + violations[i].detail + ")";
  }
  return out;
}

}  // namespace k1s::apiserver::pss
