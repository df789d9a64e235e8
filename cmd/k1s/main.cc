// k1s: Kubernetes in one process. This file only picks the subcommand; the
// behaviour lives under pkg/.
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "pkg/agent/agent.h"
#include "pkg/cli/command.h"
#include "pkg/cli/host.h"
#include "pkg/server/server_config.h"
#include "pkg/server/secrets_encrypt.h"
#include "pkg/server/server_main.h"
#include "pkg/util/version.h"

namespace {

// The build's target, the line k3s fills with its Go version.
constexpr const char* kTarget =
#if defined(__x86_64__)
    "linux/amd64";
#elif defined(__aarch64__)
    "linux/arm64";
#elif defined(__arm__)
    "linux/arm";
#else
    "linux/unknown";
#endif

int VersionMain(const k1s::cli::CommandContext& ctx) {
  ctx.out << "k1s version " << k1s::K1sVersion() << " (" << k1s::GitCommit() << ")\n"
          << "kubernetes " << k1s::KubernetesVersion() << "\n"
          << "built with g++ " << __VERSION__ << " for " << kTarget << "\n";
  return k1s::cli::kExitOk;
}

std::optional<std::string> GetEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

}  // namespace

int main(int argc, char** argv) {
  const k1s::cli::HostInfo host = k1s::cli::CurrentHost();
  const std::vector<k1s::cli::Command> commands = {
      {"server", "Run the control plane: datastore and Kubernetes API (scheduler and controllers next)",
       k1s::server::ServerFlags(host), k1s::server::ServerMain},
      {"agent", "Run a node agent that joins a server", k1s::agent::AgentFlags(host),
       k1s::agent::AgentMain},
      k1s::server::SecretsEncryptCommand(host),
      {"version", "Print the k1s and Kubernetes versions", {}, VersionMain},
  };
  k1s::cli::Environment env;
  env.getenv = GetEnv;
  const std::vector<std::string> args(argv + 1, argv + argc);
  return k1s::cli::RunCommandLine(commands, args, env, std::cout, std::cerr);
}
