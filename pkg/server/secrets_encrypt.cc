#include "pkg/server/secrets_encrypt.h"

#include <algorithm>
#include <iomanip>

#include "pkg/cli/common_flags.h"
#include "pkg/server/admin_client.h"

namespace k1s::server {

namespace {

using Json = nlohmann::json;

Json StatusJson(const encryption::EncryptionStatus& s) {
  Json keys = Json::array();
  for (const auto& k : s.keys) {
    keys.push_back({{"name", k.name},
                    {"type", k.type},
                    {"active", k.active},
                    {"inConfig", k.in_config},
                    {"secrets", k.secrets}});
  }
  return {{"enabled", s.enabled},
          {"configFile", s.config_path},
          {"configPresent", s.config_present},
          {"secrets", s.secrets},
          {"keys", keys}};
}

Json RotationJson(const encryption::RotationResult& r, const std::string& config_path) {
  return {{"newKey", r.new_key},
          {"droppedKeys", r.dropped_keys},
          {"reencrypted", r.reencrypted},
          {"secrets", r.secrets},
          {"configFile", config_path}};
}

// ---- the CLI ----

// The rotation re-writes every secret before it answers.
constexpr std::chrono::seconds kStatusTimeout{60};
constexpr std::chrono::seconds kRotateTimeout{600};

std::vector<cli::FlagSpec> Flags(const cli::HostInfo& host) {
  std::vector<cli::FlagSpec> f;
  f.push_back(cli::ConfigFlag());
  f.push_back(cli::DataDirFlag(host));
  cli::FlagSpec kubeconfig;
  kubeconfig.name = "kubeconfig";
  kubeconfig.default_value = host.is_root ? "/etc/k1s/k1s.yaml" : "";
  if (!host.is_root) kubeconfig.default_help = "<data-dir>/k1s.yaml";
  kubeconfig.help =
      "The admin kubeconfig the server wrote (its --write-kubeconfig): how to reach it as system:masters";
  kubeconfig.env_aliases = {"K1S_KUBECONFIG_OUTPUT"};
  f.push_back(kubeconfig);
  return f;
}

// The server's answer to `method path` as JSON; one line of error otherwise.
Result<Json> Call(const cli::ParsedFlags& flags, const std::string& method, const std::string& path,
                  std::chrono::seconds timeout) {
  std::string kubeconfig = flags.String("kubeconfig");
  if (kubeconfig.empty()) kubeconfig = flags.String("data-dir") + "/k1s.yaml";
  auto credentials = LoadAdminKubeconfig(kubeconfig);
  if (!credentials.ok()) {
    if (credentials.status().IsNotFound()) {
      return Status::NotFound("no admin kubeconfig at " + kubeconfig +
                              ": is `k1s server` running with this data dir? (or pass --kubeconfig)");
    }
    return credentials.status();
  }
  K1S_ASSIGN_OR_RETURN(AdminResponse reply, AdminRequest(*credentials, method, path, timeout));
  Json body = Json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
  if (reply.status == 200 && body.is_object()) return body;
  if (reply.status == 404) {
    return Status::NotFound("the server at " + credentials->server_url + " does not serve " + path +
                            " (is it an older k1s?)");
  }
  if (reply.status == 401) {
    return Status::Unauthorized("the server at " + credentials->server_url +
                                " does not accept the credentials in " + kubeconfig);
  }
  std::string message = body.is_object() ? body.value("message", "") : "";
  if (message.empty()) message = "the server answered HTTP " + std::to_string(reply.status);
  return Status::Internal(message);
}

int Fail(const cli::CommandContext& ctx, const Status& s) {
  std::string line = s.message();
  std::replace(line.begin(), line.end(), '\n', ' ');
  ctx.err << "k1s: " << line << "\n";
  return cli::kExitFailure;
}

int StatusMain(const cli::CommandContext& ctx) {
  auto status = Call(ctx.flags, "GET", kEncryptStatusPath, kStatusTimeout);
  if (!status.ok()) return Fail(ctx, status.status());
  const Json& s = *status;
  std::ostream& out = ctx.out;
  out << "Encryption Status: " << (s.value("enabled", false) ? "Enabled" : "Disabled") << "\n";
  out << "Encryption Config: " << s.value("configFile", "");
  if (!s.value("configPresent", false)) out << " (absent)";
  out << "\n";
  out << "Secrets: " << s.value("secrets", 0) << "\n\n";
  size_t width = 4;
  const Json keys = s.value("keys", Json::array());
  for (const Json& k : keys) width = std::max(width, k.value("name", "").size());
  out << "Active  Key Type  " << std::left << std::setw(static_cast<int>(width)) << "Name"
      << "  Secrets\n";
  out << "------  --------  " << std::setw(static_cast<int>(width)) << "----" << "  -------\n";
  for (const Json& k : keys) {
    out << (k.value("active", false) ? " *      " : "        ") << std::setw(8) << k.value("type", "")
        << "  " << std::setw(static_cast<int>(width)) << k.value("name", "") << "  "
        << k.value("secrets", 0);
    if (!k.value("inConfig", true)) out << "  (not in the config)";
    out << "\n";
  }
  return cli::kExitOk;
}

int RotateMain(const cli::CommandContext& ctx) {
  auto rotated = Call(ctx.flags, "POST", kEncryptRotatePath, kRotateTimeout);
  if (!rotated.ok()) return Fail(ctx, rotated.status());
  const Json& r = *rotated;
  std::string dropped;
  for (const Json& name : r.value("droppedKeys", Json::array())) {
    dropped += (dropped.empty() ? "" : ", ") + name.get<std::string>();
  }
  ctx.out << "Encryption keys rotated: new key " << r.value("newKey", "") << "\n"
          << "Re-encrypted " << r.value("reencrypted", 0)
          << (r.value("reencrypted", 0) == 1 ? " secret" : " secrets") << " ("
          << r.value("secrets", 0) << " stored, all under the new key)\n"
          << "Dropped from " << r.value("configFile", "") << ": "
          << (dropped.empty() ? "none" : dropped) << "\n";
  return cli::kExitOk;
}

}  // namespace

void AddSecretsEncryptionEndpoints(apiserver::ApiServer& api, encryption::SecretsEncryption& encryption) {
  encryption::SecretsEncryption* e = &encryption;
  api.AddAdminEndpoint("GET", kEncryptStatusPath, [e]() -> Result<Json> {
    K1S_ASSIGN_OR_RETURN(encryption::EncryptionStatus status, e->GetStatus());
    return StatusJson(status);
  });
  api.AddAdminEndpoint("POST", kEncryptRotatePath, [e]() -> Result<Json> {
    K1S_ASSIGN_OR_RETURN(encryption::RotationResult result, e->RotateKeys());
    return RotationJson(result, e->config_path());
  });
}

cli::Command SecretsEncryptCommand(const cli::HostInfo& host) {
  cli::Command group;
  group.name = "secrets-encrypt";
  group.summary = "Show or rotate the keys that encrypt Secrets at rest (server started with --secrets-encryption)";
  group.description =
      "The commands talk to the running server over its API port as system:masters, with the\n"
      "admin kubeconfig it wrote. Keys are in <data-dir>/server/cred/encryption-config.json.";
  group.subcommands.push_back(
      {"status",
       "Print whether encryption is on, the keys, and how many secrets each one encrypts",
       Flags(host), StatusMain});
  group.subcommands.push_back(
      {"rotate-keys",
       "Make a new primary key, re-encrypt every secret with it, then drop the old keys",
       Flags(host), RotateMain});
  return group;
}

}  // namespace k1s::server
