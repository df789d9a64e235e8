#include "pkg/encryption/encryption_config.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cctype>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "pkg/pki/file_io.h"
#include "pkg/pki/pki.h"
#include "pkg/util/quote.h"

namespace k1s::encryption {

namespace {

using Json = nlohmann::json;

constexpr const char* kApiVersion = "apiserver.config.k8s.io/v1";
constexpr const char* kKind = "EncryptionConfiguration";

std::string Base64Encode(const std::string& data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()),
                                static_cast<int>(data.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

// Standard base64 with padding; false for anything else.
bool Base64Decode(const std::string& text, std::string* out) {
  if (text.empty() || text.size() % 4 != 0) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool pad_ok = c == '=' && i + 2 >= text.size() &&
                        (i + 1 == text.size() || text[i + 1] == '=');
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/' && !pad_ok) return false;
  }
  std::string buf(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(buf.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return false;
  size_t size = static_cast<size_t>(n);
  if (text.ends_with("==")) {
    size -= 2;
  } else if (text.ends_with("=")) {
    size -= 1;
  }
  buf.resize(size);
  *out = std::move(buf);
  return true;
}

}  // namespace

Result<EncryptionConfig> ParseEncryptionConfig(std::string_view text, const std::string& path) {
  auto bad = [&](const std::string& what) {
    return Status::Invalid("encryption config " + path + ": " + what);
  };
  Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return bad("not a JSON object");
  if (doc.value("kind", "") != kKind || doc.value("apiVersion", "") != kApiVersion) {
    return bad(std::string("want kind ") + kKind + ", apiVersion " + kApiVersion);
  }
  const Json& resources = doc.contains("resources") ? doc["resources"] : Json();
  if (!resources.is_array() || resources.size() != 1 || !resources[0].is_object()) {
    return bad("want exactly one entry in resources, for secrets");
  }
  const Json& entry = resources[0];
  if (entry.value("resources", Json()) != Json::array({"secrets"})) {
    return bad("k1s encrypts secrets only: want \"resources\": [\"secrets\"]");
  }
  const Json& providers = entry.contains("providers") ? entry["providers"] : Json();
  if (!providers.is_array() || providers.empty() || providers.size() > 2) {
    return bad("want providers aesgcm, then identity");
  }
  const Json& first = providers[0];
  if (!first.is_object() || first.size() != 1 || !first.contains("aesgcm")) {
    return bad("the first provider must be aesgcm (k1s has aesgcm and identity only)");
  }
  if (providers.size() == 2 &&
      (!providers[1].is_object() || providers[1].size() != 1 || !providers[1].contains("identity"))) {
    return bad("the provider after aesgcm must be identity");
  }
  const Json& keys = first["aesgcm"].is_object() ? first["aesgcm"].value("keys", Json()) : Json();
  if (!keys.is_array() || keys.empty()) return bad("aesgcm needs at least one key");
  EncryptionConfig config;
  for (const Json& k : keys) {
    if (!k.is_object() || !k.contains("name") || !k["name"].is_string() || !k.contains("secret") ||
        !k["secret"].is_string()) {
      return bad("each aesgcm key needs a string name and secret");
    }
    Key key;
    key.name = k["name"].get<std::string>();
    if (!Base64Decode(k["secret"].get<std::string>(), &key.secret)) {
      return bad("the secret of key " + DoubleQuote(key.name) + " is not base64");
    }
    if (Status s = ValidateKey(key); !s.ok()) return bad(s.message());
    for (const Key& other : config.keys) {
      if (other.name == key.name) return bad("key name " + DoubleQuote(key.name) + " appears twice");
    }
    config.keys.push_back(std::move(key));
  }
  return config;
}

std::string RenderEncryptionConfig(const EncryptionConfig& config) {
  Json keys = Json::array();
  for (const Key& key : config.keys) {
    keys.push_back({{"name", key.name}, {"secret", Base64Encode(key.secret)}});
  }
  Json doc = {{"kind", kKind},
              {"apiVersion", kApiVersion},
              {"resources",
               {{{"resources", {"secrets"}},
                 {"providers", {{{"aesgcm", {{"keys", keys}}}}, {{"identity", Json::object()}}}}}}}};
  return doc.dump(2) + "\n";
}

Result<EncryptionConfig> LoadEncryptionConfig(const std::string& path) {
  K1S_ASSIGN_OR_RETURN(std::string text, pki::internal::ReadFile(path));
  return ParseEncryptionConfig(text, path);
}

Status SaveEncryptionConfig(const std::string& path, const EncryptionConfig& config) {
  if (config.keys.empty()) return Status::Invalid("an encryption config needs a key");
  K1S_RETURN_IF_ERROR(
      pki::internal::EnsureDirectory(std::filesystem::path(path).parent_path().string(), 0700));
  return pki::WriteFileAtomic(path, RenderEncryptionConfig(config), 0600);
}

Result<Key> GenerateKey(const std::vector<Key>& taken, std::chrono::system_clock::time_point now) {
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
  const std::string base = std::string("aesgcmkey-") + stamp;
  Key key;
  key.name = base;
  for (int n = 2;; ++n) {
    bool clash = false;
    for (const Key& k : taken) clash = clash || k.name == key.name;
    if (!clash) break;
    key.name = base + "-" + std::to_string(n);
  }
  key.secret.resize(32);
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.secret.data()), 32) != 1) {
    return Status::Internal("the random number generator failed");
  }
  return key;
}

}  // namespace k1s::encryption
