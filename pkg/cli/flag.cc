#include "pkg/cli/flag.h"

#include <algorithm>
#include <cctype>

namespace k1s::cli {

std::string AutoEnvName(const std::string& flag_name) {
  std::string env = "K1S_";
  for (char c : flag_name) {
    env += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return env;
}

std::vector<std::string> EnvNames(const FlagSpec& spec) {
  if (spec.scope == FlagScope::kCommandLineOnly) return {};
  std::vector<std::string> names = spec.env_aliases;
  std::string automatic = AutoEnvName(spec.name);
  if (std::find(names.begin(), names.end(), automatic) == names.end()) {
    names.push_back(std::move(automatic));
  }
  return names;
}

}  // namespace k1s::cli
