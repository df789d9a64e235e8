#include "pkg/scheduler/profile.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace k1s::scheduler {

namespace {

const YAML::Node Child(const YAML::Node& n, const char* key) {
  if (!n || !n.IsMap()) return YAML::Node();
  return n[key];
}

std::string Scalar(const YAML::Node& n) { return n && n.IsScalar() ? n.Scalar() : std::string(); }

Status ReadPluginSet(const YAML::Node& set, const std::string& point, Profile& p, const std::string& path) {
  if (!set) return Status::Ok();
  for (const auto& e : Child(set, "disabled")) {
    const std::string name = Scalar(Child(e, "name"));
    if (name.empty()) return Status::Invalid("scheduler config " + path + ": a disabled plugin needs a name");
    if (point == "multiPoint") {
      p.disabled.insert(name);
    } else if (point == "filter" || point == "preFilter") {
      p.disabled_filter.insert(name);
    } else if (point == "score" || point == "preScore") {
      p.disabled_score.insert(name);
    } else if (point == "postFilter" && (name == "DefaultPreemption" || name == "*")) {
      p.preemption = false;
    }
    if (point == "multiPoint" && (name == "DefaultPreemption" || name == "*")) p.preemption = false;
  }
  for (const auto& e : Child(set, "enabled")) {
    const std::string name = Scalar(Child(e, "name"));
    if (name.empty()) return Status::Invalid("scheduler config " + path + ": an enabled plugin needs a name");
    p.disabled.erase(name);
    if (point == "filter" || point == "preFilter") p.disabled_filter.erase(name);
    if (point == "score" || point == "preScore" || point == "multiPoint") p.disabled_score.erase(name);
    if (name == "DefaultPreemption") p.preemption = true;
    if (const YAML::Node w = Child(e, "weight"); w && (point == "score" || point == "multiPoint")) {
      try {
        p.score_weights[name] = w.as<int64_t>();
      } catch (const YAML::Exception&) {
        return Status::Invalid("scheduler config " + path + ": weight of " + name + " is not a number");
      }
    }
  }
  return Status::Ok();
}

Result<Profile> Convert(const YAML::Node& root, const std::string& scheduler_name, const std::string& path) {
  Profile p;
  p.scheduler_name = scheduler_name;
  if (!root || root.IsNull()) return p;
  if (!root.IsMap()) return Status::Invalid("scheduler config " + path + " must be a mapping");
  const std::string kind = Scalar(Child(root, "kind"));
  if (!kind.empty() && kind != "KubeSchedulerConfiguration") {
    return Status::Invalid("scheduler config " + path + ": kind is " + kind + ", want KubeSchedulerConfiguration");
  }
  if (const YAML::Node pct = Child(root, "percentageOfNodesToScore"); pct) {
    p.percentage_of_nodes_to_score = pct.as<int>();
    if (p.percentage_of_nodes_to_score < 0 || p.percentage_of_nodes_to_score > 100) {
      return Status::Invalid("scheduler config " + path + ": percentageOfNodesToScore must be 0 to 100");
    }
  }
  YAML::Node chosen;
  bool found = false;  // a default-constructed YAML::Node counts as defined
  for (const auto& item : Child(root, "profiles")) {
    const YAML::Node& profile = item;
    const std::string name = Scalar(Child(profile, "schedulerName"));
    if (name == scheduler_name || (name.empty() && !found)) {
      chosen = profile;
      found = true;
    }
    if (name == scheduler_name) break;
  }
  if (!found) return p;
  const YAML::Node plugins = Child(chosen, "plugins");
  for (const char* point : {"multiPoint", "preFilter", "filter", "postFilter", "preScore", "score"}) {
    K1S_RETURN_IF_ERROR(ReadPluginSet(Child(plugins, point), point, p, path));
  }
  for (const auto& pc : Child(chosen, "pluginConfig")) {
    if (Scalar(Child(pc, "name")) != "NodeResourcesFit") continue;
    const std::string type = Scalar(Child(Child(Child(pc, "args"), "scoringStrategy"), "type"));
    if (type.empty()) continue;
    if (type != "LeastAllocated" && type != "MostAllocated") {
      return Status::Invalid("scheduler config " + path + ": scoringStrategy " + type + " is not supported");
    }
    p.resources_scoring = type;
  }
  return p;
}

}  // namespace

Result<Profile> ParseProfile(const std::string& text, const std::string& scheduler_name, const std::string& path) {
  // yaml-cpp throws on malformed input; this is where that becomes a Status.
  try {
    return Convert(YAML::Load(text), scheduler_name, path);
  } catch (const YAML::Exception& e) {
    return Status::Invalid("scheduler config " + path + " is not valid YAML: " + e.msg);
  }
}

Result<Profile> LoadProfile(const std::string& path, const std::string& scheduler_name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("cannot read scheduler config " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return ParseProfile(text.str(), scheduler_name, path);
}

}  // namespace k1s::scheduler
