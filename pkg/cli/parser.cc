#include "pkg/cli/parser.h"

#include "pkg/cli/config_file.h"
#include "pkg/cli/value.h"

namespace k1s::cli {

namespace {

struct Assignment {
  const FlagSpec* spec = nullptr;
  std::string text;
};

const FlagSpec* FindLong(const std::vector<FlagSpec>& specs, std::string_view name) {
  for (const auto& spec : specs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

const FlagSpec* FindShort(const std::vector<FlagSpec>& specs, char c) {
  for (const auto& spec : specs) {
    if (spec.short_name != 0 && spec.short_name == c) return &spec;
  }
  return nullptr;
}

bool IsHelp(const std::string& arg) { return arg == "--help" || arg == "-h" || arg == "-help"; }

// Accepts --name value, --name=value, -x value, -x=value, -name value, and a
// bare or =true/=false boolean.
Result<std::vector<Assignment>> ScanCommandLine(const std::vector<FlagSpec>& specs,
                                                const ParseInput& input) {
  std::vector<Assignment> out;
  const auto& args = input.args;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--" && i + 1 == args.size()) break;
    const size_t dashes = arg.rfind("--", 0) == 0 ? 2 : (arg.rfind('-', 0) == 0 ? 1 : 0);
    const std::string_view token = std::string_view(arg).substr(0, arg.find('='));
    if (dashes == 0 || arg == "--" || arg.size() == dashes || arg[dashes] == '-') {
      const std::string& shown = arg == "--" ? args[i + 1] : arg;
      return Status::Invalid("unexpected argument \"" + shown + "\" (\"" + input.command +
                             "\" takes only flags)");
    }
    const std::string_view name = token.substr(dashes);
    const FlagSpec* spec = FindLong(specs, name);
    if (spec == nullptr && dashes == 1 && name.size() == 1) spec = FindShort(specs, name[0]);
    if (spec == nullptr) {
      return Status::Invalid("unknown flag \"" + std::string(token) + "\" for \"" + input.command +
                             "\" (run \"" + input.command + " --help\" for the list)");
    }
    const bool has_inline = arg.find('=') != std::string::npos;
    if (has_inline) {
      out.push_back({spec, arg.substr(arg.find('=') + 1)});
    } else if (spec->type == FlagType::kBool) {
      out.push_back({spec, "true"});
    } else if (i + 1 < args.size()) {
      out.push_back({spec, args[++i]});
    } else {
      return Status::Invalid("flag --" + spec->name + " needs a value");
    }
  }
  return out;
}

// Sets (or, for a repeated list flag within one layer, extends) a value.
Status Apply(ParsedFlags& flags, const FlagSpec& spec, const std::string& text, Source source,
             const std::string& origin) {
  auto parsed = ParseValue(spec, text);
  if (!parsed.ok()) return InvalidValue(spec.name, text, origin, parsed.status().message());
  FlagValue& current = flags.Mutable(spec.name);
  if (spec.type == FlagType::kStringList && current.source == source) {
    auto& list = std::get<std::vector<std::string>>(current.value);
    for (auto& item : std::get<std::vector<std::string>>(*parsed)) list.push_back(std::move(item));
    return Status::Ok();
  }
  current = FlagValue{std::move(parsed).value(), source, origin};
  return Status::Ok();
}

std::optional<std::string> LookupEnv(const ParseInput& input, const std::string& name) {
  if (!input.getenv) return std::nullopt;
  auto value = input.getenv(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

// The config file to read and who named it; empty path: none.
struct ConfigChoice {
  std::string path;
  std::string named_by;  // empty for the default path
};

ConfigChoice ChooseConfigFile(const FlagSpec* config_spec, const std::vector<Assignment>& cli,
                              const ParseInput& input) {
  if (config_spec == nullptr) return {};
  ConfigChoice choice;
  for (const auto& a : cli) {
    if (a.spec == config_spec) choice = {a.text, "--" + config_spec->name};
  }
  if (!choice.path.empty()) return choice;
  for (const auto& env : EnvNames(*config_spec)) {
    if (auto v = LookupEnv(input, env)) return {*v, env};
  }
  return {input.default_config_path, ""};
}

Status ApplyConfigFile(ParsedFlags& flags, const ConfigChoice& choice, const ParseInput& input) {
  if (choice.path.empty()) return Status::Ok();
  auto entries = LoadConfigFile(choice.path);
  if (!entries.ok()) {
    if (entries.status().IsNotFound() && choice.named_by.empty()) return Status::Ok();
    const std::string by = choice.named_by.empty() ? "" : " (named by " + choice.named_by + ")";
    return Status::Invalid(entries.status().message() + by);
  }
  flags.set_config_file(choice.path);
  for (const auto& entry : *entries) {
    const FlagSpec* spec = flags.FindSpec(entry.key);
    if (spec == nullptr) {
      if (input.foreign_keys.count(entry.key) > 0) continue;
      return Status::Invalid("config file " + choice.path + ": unknown key \"" + entry.key + "\"");
    }
    if (spec->scope != FlagScope::kEverywhere) {
      return Status::Invalid("config file " + choice.path + ": key \"" + entry.key +
                             "\" cannot be set in a config file");
    }
    if (entry.is_list && spec->type != FlagType::kStringList) {
      return InvalidValue(spec->name, "[...]", choice.path, "must be a single value, not a list");
    }
    flags.Mutable(spec->name) = FlagValue{};  // a config list replaces the default
    for (const auto& text : entry.values) {
      K1S_RETURN_IF_ERROR(Apply(flags, *spec, text, Source::kConfigFile, choice.path));
    }
  }
  return Status::Ok();
}

Status ApplyEnvironment(ParsedFlags& flags, const ParseInput& input) {
  for (const auto& spec : flags.specs()) {
    for (const auto& env : EnvNames(spec)) {
      auto value = LookupEnv(input, env);
      if (!value) continue;
      K1S_RETURN_IF_ERROR(Apply(flags, spec, *value, Source::kEnvironment, env));
      break;
    }
  }
  return Status::Ok();
}

Status CheckRequired(const ParsedFlags& flags) {
  for (const auto& spec : flags.specs()) {
    if (!spec.required) continue;
    const FlagValue& v = flags.Get(spec.name);
    const auto* text = std::get_if<std::string>(&v.value);
    if (v.source != Source::kUnset && (text == nullptr || !text->empty())) continue;
    const auto env = EnvNames(spec);
    return Status::Invalid("--" + spec.name + " is required" +
                           (env.empty() ? "" : " (or set " + env.front() + ")"));
  }
  return Status::Ok();
}

}  // namespace

Status InvalidValue(const std::string& flag, const std::string& text, const std::string& origin,
                    const std::string& reason) {
  return Status::Invalid("invalid value \"" + text + "\" for --" + flag + " (from " + origin +
                         "): " + reason);
}

Result<ParsedFlags> ParseFlags(const std::vector<FlagSpec>& specs, const ParseInput& input) {
  ParsedFlags flags(specs);
  for (const auto& arg : input.args) {
    if (arg == "--") break;
    if (IsHelp(arg)) {
      flags.set_help_requested();
      return flags;
    }
  }
  K1S_ASSIGN_OR_RETURN(std::vector<Assignment> cli, ScanCommandLine(specs, input));

  for (const auto& spec : specs) {
    if (spec.default_value.empty()) continue;
    K1S_RETURN_IF_ERROR(Apply(flags, spec, spec.default_value, Source::kDefault, "default"));
  }
  const ConfigChoice config = ChooseConfigFile(FindLong(specs, input.config_flag), cli, input);
  K1S_RETURN_IF_ERROR(ApplyConfigFile(flags, config, input));
  K1S_RETURN_IF_ERROR(ApplyEnvironment(flags, input));
  for (const auto& a : cli) {
    K1S_RETURN_IF_ERROR(Apply(flags, *a.spec, a.text, Source::kCommandLine, "command line"));
  }
  K1S_RETURN_IF_ERROR(CheckRequired(flags));
  return flags;
}

}  // namespace k1s::cli
