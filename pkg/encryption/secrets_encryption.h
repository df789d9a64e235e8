// SecretsEncryption: `k1s server --secrets-encryption` and what
// `k1s secrets-encrypt status|rotate-keys` asks of the running server.
//
// The rules:
//  - With --secrets-encryption: the config file is read, or on first start
//    created with one new AES-256-GCM key; new and updated Secrets are
//    encrypted with its first key. Secrets stored in the clear earlier stay
//    readable (identity) until they are next written or keys are rotated.
//  - Without it, if the config file exists (encryption was on before): its
//    keys still decrypt what they encrypted, but new writes are stored in
//    the clear, and a warning says so. Nothing is lost by forgetting the
//    flag once; status reports "Disabled" and what is still encrypted.
//  - Without it and without the file, nothing changes: the store is not
//    even wrapped.
//  - In every case the stored secrets are counted at start, and a secret
//    that the keys at hand cannot decrypt (the config file was lost, or holds
//    other keys) stops the server with a message that says which key is
//    missing, instead of a server that fails each read.
//
// Rotation (RotateKeys) never leaves a secret without its key, even if the
// process dies at any point:
//  1. a new key is generated and written to the config file FIRST, ahead of
//     the old ones (which stay, still able to decrypt);
//  2. the store's transformer switches to it: from then on every write,
//     the API server's included, encrypts with the new key;
//  3. every Secret not yet under the new key is re-written with its own
//     bytes by a compare-and-swap through the same store the API server
//     uses: it gets a new resourceVersion and watchers a MODIFIED event,
//     exactly as for any update; a concurrent write wins the race and is
//     already under the new key, a concurrent delete leaves nothing to do;
//  4. the stored secrets are counted again, and only when all of them are
//     under the new key is the config file re-written with the new key alone.
// Old revisions in the store's history keep the old ciphertexts until
// compaction drops them. The running server keeps the dropped keys in memory
// (for reading only) so that history stays readable for watchers that lag;
// after a restart, replaying that history from a watch ends it with 410 Gone
// (clients list again), like history that was compacted.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "pkg/encryption/encrypting_store.h"
#include "pkg/encryption/encryption_config.h"
#include "pkg/store/store.h"
#include "pkg/util/log.h"

namespace k1s::encryption {

// Where k3s keeps it, under the data dir.
std::string EncryptionConfigPath(const std::string& data_dir);
// The key prefix of Secrets in the store.
inline constexpr const char* kSecretsPrefix = "/registry/core/secrets/";

struct SecretsEncryptionOptions {
  std::string config_path;
  bool enabled = false;  // --secrets-encryption
  std::string prefix = kSecretsPrefix;
  Logger logger;
};

// How many secrets are stored how, as the bytes in the store say.
struct Census {
  int64_t total = 0;
  int64_t identity = 0;                   // in the clear
  std::map<std::string, int64_t> aesgcm;  // key name -> count
  std::map<std::string, int64_t> other;   // another provider's prefix -> count
};
// Reads every value under `prefix` as stored (pass the inner store).
Result<Census> TakeCensus(store::Store& raw, const std::string& prefix);

struct KeyUsage {
  std::string name;        // the key name, or "identity"
  std::string type;        // "AES-GCM", "Identity", or the foreign provider
  bool active = false;     // new writes use it
  bool in_config = false;  // the config file lists it (identity always counts as listed)
  int64_t secrets = 0;     // secrets stored under it now
};

struct EncryptionStatus {
  bool enabled = false;
  std::string config_path;
  bool config_present = false;
  int64_t secrets = 0;
  // The config's keys in order, then identity, then keys that only the
  // stored data names.
  std::vector<KeyUsage> keys;
};

struct RotationResult {
  std::string new_key;
  std::vector<std::string> dropped_keys;
  int64_t reencrypted = 0;  // secrets re-written by the rotation
  int64_t secrets = 0;      // secrets stored when it finished, all under new_key
};

class SecretsEncryption {
 public:
  struct Opened {
    std::unique_ptr<SecretsEncryption> encryption;
    // The store everything must use from now on: `raw` itself when no
    // encryption config applies, otherwise an EncryptingStore that owns it.
    std::unique_ptr<store::Store> store;
  };
  // Applies the rules above to `raw`, the freshly opened datastore. Fails
  // (with one line) if the config file is unusable or stored secrets would
  // not decrypt.
  static Result<Opened> Open(SecretsEncryptionOptions options, std::unique_ptr<store::Store> raw);

  Result<EncryptionStatus> GetStatus();
  // The steps above. BadRequest when encryption is not enabled; one
  // rotation at a time (a second caller waits).
  Result<RotationResult> RotateKeys();

  bool enabled() const { return options_.enabled; }
  const std::string& config_path() const { return options_.config_path; }

  // For tests: a clock for key names.
  void set_now(std::function<std::chrono::system_clock::time_point()> now) { now_ = std::move(now); }

 private:
  SecretsEncryption(SecretsEncryptionOptions options, store::Store* raw, EncryptingStore* store,
                    EncryptionConfig config, bool config_present);
  // Every key this process knows (config first, then retired), for reading.
  std::vector<Key> ReadKeys(const std::vector<Key>& config_keys) const;
  // One pass of step 3: re-writes what is not under `key`; returns how many.
  Result<int64_t> ReencryptPass(const std::string& key);

  const SecretsEncryptionOptions options_;
  store::Store* const raw_;
  EncryptingStore* const store_;  // null when the store is not wrapped
  std::function<std::chrono::system_clock::time_point()> now_;

  std::mutex rotate_mu_;  // one rotation at a time
  mutable std::mutex mu_;  // guards what follows
  EncryptionConfig config_;  // as the file says now
  bool config_present_ = false;
  std::vector<Key> retired_;  // dropped from the file, kept for reading history
};

}  // namespace k1s::encryption
