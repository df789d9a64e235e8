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

void PrintCommandHelp(const Command& c, const Environment& env, std::ostream& out) {
  out << "Usage: k1s " << c.name << (c.flags.empty() ? "" : " [flags]") << "\n\n"
      << c.summary << "\n";
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

std::set<std::string> ForeignKeys(const std::vector<Command>& commands, const Command& self) {
  std::set<std::string> keys;
  for (const auto& c : commands) {
    for (const auto& spec : c.flags) keys.insert(spec.name);
  }
  for (const auto& spec : self.flags) keys.erase(spec.name);
  return keys;
}

}  // namespace

int RunCommandLine(const std::vector<Command>& commands, const std::vector<std::string>& args,
                   const Environment& env, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    if (args.size() >= 2 && args[0] == "help") {
      if (const Command* c = Find(commands, args[1])) {
        PrintCommandHelp(*c, env, out);
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

  ParseInput input;
  input.command = "k1s " + command->name;
  input.args.assign(args.begin() + 1, args.end());
  input.getenv = env.getenv;
  input.default_config_path = env.default_config_path;
  input.foreign_keys = ForeignKeys(commands, *command);
  auto flags = ParseFlags(command->flags, input);
  if (!flags.ok()) {
    err << "k1s: " << flags.status().message() << "\n";
    return kExitUsage;
  }
  if (flags->help_requested()) {
    PrintCommandHelp(*command, env, out);
    return kExitOk;
  }
  if (flags->FindSpec("print-config") != nullptr && flags->Bool("print-config")) {
    out << FormatEffectiveConfig(*flags);
    return kExitOk;
  }
  return command->run(CommandContext{*flags, out, err});
}

}  // namespace k1s::cli
