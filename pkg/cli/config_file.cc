#include "pkg/cli/config_file.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace k1s::cli {

namespace {

Result<ConfigEntry> ToEntry(const std::string& key, const YAML::Node& node,
                            const std::string& path) {
  ConfigEntry entry{key, {}, false};
  if (node.IsScalar()) {
    entry.values.push_back(node.Scalar());
    return entry;
  }
  if (node.IsSequence()) {
    entry.is_list = true;
    for (const auto& item : node) {
      if (!item.IsScalar()) {
        return Status::Invalid("config file " + path + ": key \"" + key +
                               "\": list items must be plain values");
      }
      entry.values.push_back(item.Scalar());
    }
    return entry;
  }
  return Status::Invalid("config file " + path + ": key \"" + key +
                         "\" must be a value or a list of values, not a mapping");
}

Result<std::vector<ConfigEntry>> Convert(const YAML::Node& root, const std::string& path) {
  std::vector<ConfigEntry> entries;
  if (!root || root.IsNull()) return entries;
  if (!root.IsMap()) {
    return Status::Invalid("config file " + path + " must be a mapping of flag names to values");
  }
  for (const auto& kv : root) {
    if (!kv.first.IsScalar()) {
      return Status::Invalid("config file " + path + ": keys must be flag names");
    }
    if (kv.second.IsNull()) continue;
    K1S_ASSIGN_OR_RETURN(ConfigEntry entry, ToEntry(kv.first.Scalar(), kv.second, path));
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace

Result<std::vector<ConfigEntry>> ParseConfigYaml(std::string_view text, const std::string& path) {
  // yaml-cpp reports malformed input by throwing; this is the boundary where
  // that becomes a Status.
  try {
    return Convert(YAML::Load(std::string(text)), path);
  } catch (const YAML::Exception& e) {
    const std::string where =
        e.mark.is_null() ? std::string() : " at line " + std::to_string(e.mark.line + 1);
    return Status::Invalid("config file " + path + " is not valid YAML" + where + ": " + e.msg);
  }
}

Result<std::vector<ConfigEntry>> LoadConfigFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status::IOError("config file " + path + " is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    if (err == ENOENT) return Status::NotFound("config file " + path + " does not exist");
    return Status::IOError("cannot read config file " + path + ": " + std::strerror(err));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IOError("cannot read config file " + path);
  return ParseConfigYaml(text.str(), path);
}

}  // namespace k1s::cli
