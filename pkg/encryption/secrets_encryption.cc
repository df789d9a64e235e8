#include "pkg/encryption/secrets_encryption.h"

#include <set>

#include "pkg/util/quote.h"

namespace k1s::encryption {

namespace {

// Pages of the census and of the re-encryption pass.
constexpr int64_t kPageSize = 500;
// Step 3 repeats while writes that raced the first pass turn up; a loop
// that never settles is a bug, reported instead of spinning.
constexpr int kMaxPasses = 5;

// Lists every value under `prefix` as stored, page by page (one snapshot).
template <typename Visit>
Status ForEachStored(store::Store& raw, const std::string& prefix, Visit visit) {
  store::ListOptions options;
  options.limit = kPageSize;
  while (true) {
    K1S_ASSIGN_OR_RETURN(store::ListResult page, raw.List(prefix, options));
    for (const store::KeyValue& kv : page.items) visit(kv);
    if (page.continue_token.empty()) return Status::Ok();
    options.continue_token = page.continue_token;
  }
}

std::string Plural(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// What the census shows that `keys` cannot decrypt; "" if nothing.
std::string Unreadable(const Census& census, const std::vector<Key>& keys,
                       const std::string& config_path, bool config_present) {
  std::string missing;
  int64_t count = 0;
  for (const auto& [name, n] : census.aesgcm) {
    bool known = false;
    for (const Key& k : keys) known = known || k.name == name;
    if (known) continue;
    count += n;
    missing += (missing.empty() ? "" : ", ") + DoubleQuote(name);
  }
  for (const auto& [name, n] : census.other) {
    count += n;
    missing += (missing.empty() ? "" : ", ") + name + " (a provider k1s does not have)";
  }
  if (count == 0) return "";
  const std::string what = Plural(count, "secret", "secrets") + " in the datastore " +
                           (count == 1 ? "is" : "are") + " encrypted with key " + missing;
  if (!config_present) {
    return what + ", but the encryption config " + config_path +
           " does not exist: restore that file to read them";
  }
  return what + ", which the encryption config " + config_path +
         " does not hold: restore the config that has it";
}

}  // namespace

std::string EncryptionConfigPath(const std::string& data_dir) {
  return data_dir + "/server/cred/encryption-config.json";
}

Result<Census> TakeCensus(store::Store& raw, const std::string& prefix) {
  Census census;
  K1S_RETURN_IF_ERROR(ForEachStored(raw, prefix, [&](const store::KeyValue& kv) {
    ++census.total;
    const Envelope e = InspectValue(kv.value);
    switch (e.kind) {
      case Envelope::Kind::kIdentity:
        ++census.identity;
        break;
      case Envelope::Kind::kAesGcm:
        ++census.aesgcm[e.key_name];
        break;
      case Envelope::Kind::kOther:
        ++census.other[e.key_name];
        break;
    }
  }));
  return census;
}

SecretsEncryption::SecretsEncryption(SecretsEncryptionOptions options, store::Store* raw,
                                     EncryptingStore* store, EncryptionConfig config,
                                     bool config_present)
    : options_(std::move(options)),
      raw_(raw),
      store_(store),
      now_([] { return std::chrono::system_clock::now(); }),
      config_(std::move(config)),
      config_present_(config_present) {}

Result<SecretsEncryption::Opened> SecretsEncryption::Open(SecretsEncryptionOptions options,
                                                          std::unique_ptr<store::Store> raw) {
  const Logger& log = options.logger;
  const std::string& path = options.config_path;
  EncryptionConfig config;
  bool present = false;
  if (auto loaded = LoadEncryptionConfig(path); loaded.ok()) {
    config = std::move(loaded).value();
    present = true;
  } else if (!loaded.status().IsNotFound()) {
    return loaded.status();
  }
  K1S_ASSIGN_OR_RETURN(Census census, TakeCensus(*raw, options.prefix));
  if (std::string why = Unreadable(census, config.keys, path, present); !why.empty()) {
    return Status::Invalid(why);
  }
  Opened opened;
  if (!present && !options.enabled) {
    // Nothing to decrypt and nothing to encrypt: the store stays as it is.
    store::Store* plain = raw.get();
    opened.encryption.reset(new SecretsEncryption(std::move(options), plain, nullptr, {}, false));
    opened.store = std::move(raw);
    return opened;
  }
  if (!present) {
    K1S_ASSIGN_OR_RETURN(Key key, GenerateKey({}, std::chrono::system_clock::now()));
    config.keys.push_back(std::move(key));
    K1S_RETURN_IF_ERROR(SaveEncryptionConfig(path, config));
    present = true;
    log.Info("secrets encryption: generated AES-256-GCM key ", DoubleQuote(config.keys[0].name),
             " in ", path);
  }
  const std::string write_key = options.enabled ? config.keys[0].name : "";
  K1S_ASSIGN_OR_RETURN(auto transformer, Transformer::Create(config.keys, write_key));
  store::Store* inner = raw.get();
  auto wrapped = std::make_unique<EncryptingStore>(std::move(raw), options.prefix, std::move(transformer));
  std::string stored = Plural(census.identity, "secret", "secrets") + " unencrypted";
  for (const auto& [name, n] : census.aesgcm) stored += ", " + std::to_string(n) + " under " + DoubleQuote(name);
  if (options.enabled) {
    log.Info("secrets encryption enabled: secrets are written encrypted with key ",
             DoubleQuote(write_key), " (", path, "); stored now: ", stored);
  } else {
    log.Warning("secrets encryption is off, but ", path,
                " exists: its keys still decrypt what they encrypted, while new and updated "
                "secrets are stored unencrypted (start with --secrets-encryption to encrypt them); "
                "stored now: ",
                stored);
  }
  opened.encryption.reset(
      new SecretsEncryption(std::move(options), inner, wrapped.get(), std::move(config), present));
  opened.store = std::move(wrapped);
  return opened;
}

std::vector<Key> SecretsEncryption::ReadKeys(const std::vector<Key>& config_keys) const {
  std::vector<Key> keys = config_keys;
  for (const Key& old : retired_) {
    bool listed = false;
    for (const Key& k : keys) listed = listed || k.name == old.name;
    if (!listed) keys.push_back(old);
  }
  return keys;
}

Result<EncryptionStatus> SecretsEncryption::GetStatus() {
  K1S_ASSIGN_OR_RETURN(Census census, TakeCensus(*raw_, options_.prefix));
  EncryptionStatus status;
  status.enabled = options_.enabled;
  status.config_path = options_.config_path;
  status.secrets = census.total;
  std::vector<Key> keys;
  {
    std::lock_guard<std::mutex> lock(mu_);
    status.config_present = config_present_;
    keys = config_.keys;
  }
  const std::string active =
      store_ != nullptr ? store_->transformer()->write_key() : std::string();
  std::set<std::string> listed;
  for (const Key& k : keys) {
    auto n = census.aesgcm.find(k.name);
    status.keys.push_back({k.name, "AES-GCM", k.name == active, true,
                           n == census.aesgcm.end() ? 0 : n->second});
    listed.insert(k.name);
  }
  status.keys.push_back({"identity", "Identity", active.empty(), true, census.identity});
  for (const auto& [name, n] : census.aesgcm) {
    if (!listed.contains(name)) status.keys.push_back({name, "AES-GCM", false, false, n});
  }
  for (const auto& [name, n] : census.other) status.keys.push_back({name, name, false, false, n});
  return status;
}

Result<int64_t> SecretsEncryption::ReencryptPass(const std::string& key) {
  std::vector<std::string> stale;
  K1S_RETURN_IF_ERROR(ForEachStored(*raw_, options_.prefix, [&](const store::KeyValue& kv) {
    const Envelope e = InspectValue(kv.value);
    if (e.kind != Envelope::Kind::kAesGcm || e.key_name != key) stale.push_back(kv.key);
  }));
  int64_t rewritten = 0;
  for (const std::string& k : stale) {
    // Read through the encrypting store (plaintext), write the same bytes
    // back if no one wrote in between: the store encrypts them with the
    // current (new) key.
    auto current = store_->Get(k);
    if (!current.ok()) {
      if (current.status().IsNotFound()) continue;  // deleted meanwhile
      return current.status();
    }
    auto written = store_->Update(k, std::move(current->value), current->mod_revision);
    if (written.ok()) {
      ++rewritten;
      continue;
    }
    // Conflict: someone wrote after the switch, so under the new key.
    // NotFound: deleted. The next census checks both.
    if (written.status().IsConflict() || written.status().IsNotFound()) continue;
    return written.status();
  }
  return rewritten;
}

Result<RotationResult> SecretsEncryption::RotateKeys() {
  if (!options_.enabled || store_ == nullptr) {
    return Status::BadRequest(
        "secrets encryption is not enabled on this server (start it with --secrets-encryption)");
  }
  std::lock_guard<std::mutex> rotation(rotate_mu_);
  const Logger& log = options_.logger;
  std::vector<Key> old_keys;
  {
    std::lock_guard<std::mutex> lock(mu_);
    old_keys = config_.keys;
  }
  // 1. The new key goes to the file first, ahead of the old ones.
  K1S_ASSIGN_OR_RETURN(Key key, GenerateKey(ReadKeys(old_keys), now_()));
  EncryptionConfig staged;
  staged.keys.push_back(key);
  for (const Key& k : old_keys) staged.keys.push_back(k);
  K1S_RETURN_IF_ERROR(SaveEncryptionConfig(options_.config_path, staged));
  {
    std::lock_guard<std::mutex> lock(mu_);
    config_ = staged;
  }
  log.Info("secrets encryption: rotating to key ", DoubleQuote(key.name));
  // 2. Every write from here on uses it.
  std::vector<Key> read_keys;
  {
    std::lock_guard<std::mutex> lock(mu_);
    read_keys = ReadKeys(staged.keys);
  }
  K1S_ASSIGN_OR_RETURN(auto transformer, Transformer::Create(read_keys, key.name));
  store_->SetTransformer(std::move(transformer));
  // 3. Re-write until the census (4) finds nothing under another key.
  RotationResult result;
  result.new_key = key.name;
  for (int pass = 0;; ++pass) {
    K1S_ASSIGN_OR_RETURN(int64_t n, ReencryptPass(key.name));
    result.reencrypted += n;
    K1S_ASSIGN_OR_RETURN(Census census, TakeCensus(*raw_, options_.prefix));
    const auto under_new = census.aesgcm.find(key.name);
    const int64_t done = under_new == census.aesgcm.end() ? 0 : under_new->second;
    if (done == census.total) {
      result.secrets = census.total;
      break;
    }
    if (pass + 1 == kMaxPasses) {
      return Status::Internal(Plural(census.total - done, "secret is", "secrets are") +
                              " still not under the new key " + DoubleQuote(key.name) +
                              " after " + std::to_string(kMaxPasses) + " passes; " +
                              options_.config_path +
                              " keeps the old keys too, so nothing is lost: run rotate-keys again");
    }
  }
  // 4, done: the old keys leave the file; this process keeps them for history.
  EncryptionConfig final_config;
  final_config.keys.push_back(key);
  K1S_RETURN_IF_ERROR(SaveEncryptionConfig(options_.config_path, final_config));
  {
    std::lock_guard<std::mutex> lock(mu_);
    config_ = final_config;
    for (const Key& k : old_keys) {
      retired_.push_back(k);
      result.dropped_keys.push_back(k.name);
    }
  }
  log.Info("secrets encryption: rotated to key ", DoubleQuote(key.name), ", ",
           Plural(result.reencrypted, "secret", "secrets"), " re-encrypted, dropped ",
           Plural(static_cast<int64_t>(result.dropped_keys.size()), "old key", "old keys"),
           " from ", options_.config_path);
  return result;
}

}  // namespace k1s::encryption
