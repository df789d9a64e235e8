#include "pkg/cli/command.h"

#include <algorithm>
#include <set>

#include "pkg/cli/help.h"
#include "pkg/util/version.h"

namespace k1s::cli {

namespace {

void PrintUsage(const std::vector<Command>& commands, std::ostream& out) {
  size_t width = 4;
  for (const auto& c : commands) width = std::max(width, c.name.size());
  out << "k1s " << K1sVersion() << ": Kubernetes in one process\n\n"
      << "Usage: k1s <command> [flags]\n\nCommands:\n";
  for (const auto& c : commands) {
    out << "  " << c.name << std::string(width - c.name.size() + 2, ' ') << c.summary << "\n";
  }
  out << "  help" << std::string(width - 4 + 2, ' ') << "Show this list, or a command's flags\n\n"
      << "Run \"k1s <command> --help\" for a command's flags.\n";
}

void PrintGroupHelp(const Command& group, std::ostream& out) {
  size_t width = 4;
  for (const auto& c : group.subcommands) width = std::max(width, c.name.size());
  out << "Usage: k1s " << group.name << " <command> [flags]\n\n" << group.summary << "\n";
  if (!group.description.empty()) out << "\n" << group.description << "\n";
  out << "\nCommands:\n";
  for (const auto& c : group.subcommands) {
    out << "  " << c.name << std::string(width - c.name.size() + 2, ' ') << c.summary << "\n";
  }
  out << "\nRun \"k1s " << group.name << " <command> --help\" for a command's flags.\n";
}

// `name`: the full command, "server" or "secrets-encrypt status".
void PrintCommandHelp(const Command& c, const std::string& name, const Environment& env,
                      std::ostream& out) {
  if (!c.subcommands.empty()) {
    PrintGroupHelp(c, out);
    return;
  }
  out << "Usage: k1s " << name << (c.flags.empty() ? "" : " [flags]") << "\n\n"
      << c.summary << "\n";
  if (!c.description.empty()) out << "\n" << c.description << "\n";
  if (c.flags.empty()) return;
  out << "\nFlags:\n"
      << FormatFlagsHelp(c.flags) << "\n"
      << "Layers, lowest first: defaults, the config file (" << env.default_config_path
      << " if it exists, or --config), the environment [$VARS], the command line.\n"
      << "Config file keys are flag names without dashes, e.g. \"data-dir: /srv/k1s\".\n";
}

const Command* Find(const std::vector<Command>& commands, const std::string& name) {
  for (const auto& c : commands) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

void AllKeys(const std::vector<Command>& commands, std::set<std::string>& keys) {
  for (const auto& c : commands) {
    for (const auto& spec : c.flags) keys.insert(spec.name);
    AllKeys(c.subcommands, keys);
  }
}

std::set<std::string> ForeignKeys(const std::vector<Command>& commands, const Command& self) {
  std::set<std::string> keys;
  AllKeys(commands, keys);
  for (const auto& spec : self.flags) keys.erase(spec.name);
  return keys;
}

}  // namespace

int RunCommandLine(const std::vector<Command>& commands, const std::vector<std::string>& args,
                   const Environment& env, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    if (args.size() >= 2 && args[0] == "help") {
      if (const Command* c = Find(commands, args[1])) {
        const Command* sub = args.size() >= 3 ? Find(c->subcommands, args[2]) : nullptr;
        if (sub != nullptr) {
          PrintCommandHelp(*sub, c->name + " " + sub->name, env, out);
        } else {
          PrintCommandHelp(*c, c->name, env, out);
        }
        return kExitOk;
      }
      err << "k1s: unknown command \"" << args[1] << "\" (run \"k1s --help\" for the list)\n";
      return kExitUsage;
    }
    PrintUsage(commands, out);
    return kExitOk;
  }
  const std::string name = args[0] == "--version" ? "version" : args[0];
  const Command* command = Find(commands, name);
  if (command == nullptr) {
    err << "k1s: unknown command \"" << args[0] << "\" (run \"k1s --help\" for the list)\n";
    return kExitUsage;
  }

  std::string full_name = command->name;
  size_t first_flag = 1;
  if (!command->subcommands.empty()) {
    std::string names;
    for (const auto& c : command->subcommands) names += (names.empty() ? "" : ", ") + c.name;
    if (args.size() < 2) {
      err << "k1s: \"k1s " << full_name << "\" needs a command: " << names << " (run \"k1s "
          << full_name << " --help\")\n";
      return kExitUsage;
    }
    if (args[1] == "--help" || args[1] == "-h" || args[1] == "help") {
      PrintGroupHelp(*command, out);
      return kExitOk;
    }
    const Command* sub = Find(command->subcommands, args[1]);
    if (sub == nullptr) {
      err << "k1s: unknown command \"" << args[1] << "\" for \"k1s " << full_name << "\" (" << names
          << ")\n";
      return kExitUsage;
    }
    full_name += " " + sub->name;
    command = sub;
    first_flag = 2;
  }

  ParseInput input;
  input.command = "k1s " + full_name;
  input.args.assign(args.begin() + static_cast<std::ptrdiff_t>(first_flag), args.end());
  input.getenv = env.getenv;
  input.default_config_path = env.default_config_path;
  input.foreign_keys = ForeignKeys(commands, *command);
  auto flags = ParseFlags(command->flags, input);
  if (!flags.ok()) {
    err << "k1s: " << flags.status().message() << "\n";
    return kExitUsage;
  }
  if (flags->help_requested()) {
    PrintCommandHelp(*command, full_name, env, out);
    return kExitOk;
  }
  if (flags->FindSpec("print-config") != nullptr && flags->Bool("print-config")) {
    out << FormatEffectiveConfig(*flags);
    return kExitOk;
  }
  return command->run(CommandContext{*flags, out, err});
}

}  // namespace k1s::cli
