#include "pkg/cli/help.h"

#include <nlohmann/json.hpp>

#include "pkg/cli/value.h"

namespace k1s::cli {

namespace {

std::string DefaultText(const FlagSpec& spec) {
  if (!spec.default_help.empty()) return " (default " + spec.default_help + ")";
  if (spec.default_value.empty()) return "";
  if (spec.type == FlagType::kString) return " (default \"" + spec.default_value + "\")";
  return " (default " + spec.default_value + ")";
}

std::string TypeText(const FlagSpec& spec) {
  if (spec.type == FlagType::kBool) return "";
  std::string t = " " + std::string(TypeName(spec.type));
  if (spec.type == FlagType::kInt)
    t += " (" + std::to_string(spec.min) + "-" + std::to_string(spec.max) + ")";
  return t;
}

std::string EnvText(const FlagSpec& spec) {
  std::string out;
  for (const auto& env : EnvNames(spec)) out += (out.empty() ? " [$" : ", $") + env;
  return out.empty() ? out : out + "]";
}

// A YAML scalar: JSON string quoting is valid YAML and survives any content.
std::string Quote(const std::string& s) { return nlohmann::json(s).dump(); }

std::string YamlValue(const FlagSpec& spec, const Value& value) {
  if (spec.secret) return Quote("********");
  if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
    std::string out = "[";
    for (const auto& item : *list) out += (out.size() > 1 ? ", " : "") + Quote(item);
    return out + "]";
  }
  if (std::holds_alternative<bool>(value) || std::holds_alternative<int64_t>(value)) {
    return FormatValue(value);
  }
  return Quote(FormatValue(value));
}

}  // namespace

std::string FormatFlagsHelp(const std::vector<FlagSpec>& specs) {
  std::string out;
  for (const auto& spec : specs) {
    out += "  ";
    out += spec.short_name != 0 ? std::string("-") + spec.short_name + ", " : "    ";
    out += "--" + spec.name + TypeText(spec) + "\n";
    out += "        " + spec.help + DefaultText(spec) + (spec.required ? " (required)" : "") +
           EnvText(spec) + "\n";
  }
  return out;
}

std::string FormatEffectiveConfig(const ParsedFlags& flags) {
  std::string out = "# config file: " +
                    (flags.config_file().empty() ? std::string("none") : flags.config_file()) +
                    "\n";
  for (const auto& spec : flags.specs()) {
    if (spec.scope != FlagScope::kEverywhere) continue;
    const FlagValue& v = flags.Get(spec.name);
    if (v.source == Source::kUnset) {
      out += spec.name + ":  # unset\n";
      continue;
    }
    out += spec.name + ": " + YamlValue(spec, v.value) + "  # " + v.origin + "\n";
  }
  return out;
}

}  // namespace k1s::cli
