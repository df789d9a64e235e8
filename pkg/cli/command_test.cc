#include "pkg/cli/command.h"

#include <doctest/doctest.h>

#include <sstream>

#include "pkg/cli/common_flags.h"

namespace k1s::cli {
namespace {

struct Run {
  int code = -1;
  std::string out;
  std::string err;
};

std::vector<Command> Commands(int* runs) {
  FlagSpec dir;
  dir.name = "data-dir";
  dir.short_name = 'd';
  dir.default_value = "/var/lib/k1s";
  dir.help = "Folder to hold state";
  FlagSpec token;
  token.name = "token";
  token.secret = true;
  token.env_aliases = {"K1S_TOKEN"};
  token.help = "Shared secret";
  FlagSpec agent_only;
  agent_only.name = "agent-only";
  return {
      {"server",
       "Run the server",
       {dir, token, VerbosityFlag(), PrintConfigFlag()},
       [runs](const CommandContext& ctx) {
         ++*runs;
         ctx.out << "dir=" << ctx.flags.String("data-dir") << " v=" << ctx.flags.Int("v");
         return 0;
       }},
      {"agent", "Run an agent", {agent_only}, [](const CommandContext&) { return 1; }},
      {"keys",
       "Manage keys",
       {},
       nullptr,
       {{"status",
         "Show the keys",
         {dir},
         [](const CommandContext& ctx) {
           ctx.out << "status dir=" << ctx.flags.String("data-dir");
           return 0;
         }},
        {"rotate", "Rotate the keys", {}, [](const CommandContext&) { return 1; }}},
       "Keys live in the data dir."},
      {"version",
       "Print the version",
       {},
       [](const CommandContext& ctx) {
         ctx.out << "k1s version";
         return 0;
       }},
  };
}

Run Exec(std::vector<std::string> args) {
  int runs = 0;
  std::ostringstream out, err;
  Environment env;
  env.default_config_path = "/nonexistent/config.yaml";
  Run r;
  r.code = RunCommandLine(Commands(&runs), args, env, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

TEST_CASE("usage lists the commands for no args, help, --help and -h") {
  for (auto args : {std::vector<std::string>{}, {"help"}, {"--help"}, {"-h"}}) {
    const Run r = Exec(args);
    CHECK(r.code == 0);
    CHECK(r.out.find("Usage: k1s <command> [flags]") != std::string::npos);
    CHECK(r.out.find("  server   Run the server") != std::string::npos);
    CHECK(r.out.find("  version  Print the version") != std::string::npos);
    CHECK(r.err.empty());
  }
}

TEST_CASE("command help shows every flag with type, default and variables") {
  for (auto args : {std::vector<std::string>{"server", "--help"}, {"help", "server"}}) {
    const Run r = Exec(args);
    CHECK(r.code == 0);
    CHECK(r.out.find("Usage: k1s server [flags]") != std::string::npos);
    CHECK(r.out.find("  -d, --data-dir string\n        Folder to hold state (default "
                     "\"/var/lib/k1s\") [$K1S_DATA_DIR]") != std::string::npos);
    CHECK(r.out.find("[$K1S_TOKEN, $K1S_TOKEN]") == std::string::npos);
    CHECK(r.out.find("--v int (0-10)") != std::string::npos);
  }
}

TEST_CASE("unknown commands and flag errors: one line, exit 2") {
  Run r = Exec({"frobnicate"});
  CHECK(r.code == 2);
  CHECK(r.err == "k1s: unknown command \"frobnicate\" (run \"k1s --help\" for the list)\n");
  r = Exec({"server", "--bogus"});
  CHECK(r.code == 2);
  CHECK(r.err.find("k1s: unknown flag \"--bogus\"") == 0);
  CHECK(r.err.find('\n') == r.err.size() - 1);
  CHECK(Exec({"help", "nope"}).code == 2);
  CHECK(Exec({"version", "--x"}).code == 2);
}

TEST_CASE("the command runs with its parsed flags; --version maps to version") {
  Run r = Exec({"server", "-d", "/tmp/x", "-v", "3"});
  CHECK(r.code == 0);
  CHECK(r.out == "dir=/tmp/x v=3");
  CHECK(Exec({"server", "--v=2"}).out == "dir=/var/lib/k1s v=2");
  CHECK(Exec({"--version"}).out == "k1s version");
  CHECK(Exec({"agent"}).code == 1);
}

TEST_CASE("a command group picks its subcommand, which has its own flags and help") {
  Run r = Exec({"keys", "status", "-d", "/tmp/k"});
  CHECK(r.code == 0);
  CHECK(r.out == "status dir=/tmp/k");
  CHECK(Exec({"keys", "rotate"}).code == 1);
  for (auto args : {std::vector<std::string>{"keys", "--help"}, {"keys", "-h"}, {"help", "keys"}}) {
    r = Exec(args);
    CHECK(r.code == 0);
    CHECK(r.out.find("Usage: k1s keys <command> [flags]") == 0);
    CHECK(r.out.find("Keys live in the data dir.") != std::string::npos);
    CHECK(r.out.find("  status  Show the keys\n  rotate  Rotate the keys\n") != std::string::npos);
  }
  for (auto args : {std::vector<std::string>{"keys", "status", "--help"}, {"help", "keys", "status"}}) {
    r = Exec(args);
    CHECK(r.code == 0);
    CHECK(r.out.find("Usage: k1s keys status [flags]") == 0);
    CHECK(r.out.find("--data-dir string") != std::string::npos);
  }
  r = Exec({"keys"});
  CHECK(r.code == 2);
  CHECK(r.err == "k1s: \"k1s keys\" needs a command: status, rotate (run \"k1s keys --help\")\n");
  r = Exec({"keys", "nope"});
  CHECK(r.code == 2);
  CHECK(r.err == "k1s: unknown command \"nope\" for \"k1s keys\" (status, rotate)\n");
  r = Exec({"keys", "rotate", "--bogus"});
  CHECK(r.code == 2);
  CHECK(r.err.find("k1s: unknown flag \"--bogus\" for \"k1s keys rotate\"") == 0);
  // The group is listed like any command.
  CHECK(Exec({}).out.find("  keys     Manage keys") != std::string::npos);
}

TEST_CASE("--print-config prints effective values and sources, masking secrets") {
  const Run r = Exec({"server", "--print-config", "--token", "hunter2", "-d", "/tmp/y"});
  CHECK(r.code == 0);
  CHECK(r.out.find("# config file: none\n") == 0);
  CHECK(r.out.find("data-dir: \"/tmp/y\"  # command line\n") != std::string::npos);
  CHECK(r.out.find("v: 0  # default\n") != std::string::npos);
  CHECK(r.out.find("hunter2") == std::string::npos);
  CHECK(r.out.find("print-config") == std::string::npos);
}

}  // namespace
}  // namespace k1s::cli
