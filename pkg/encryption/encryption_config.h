// The encryption config file: kube-apiserver's EncryptionConfiguration,
// where k3s keeps it (<data-dir>/server/cred/encryption-config.json), mode 0600.
//
//   {"kind": "EncryptionConfiguration",
//    "apiVersion": "apiserver.config.k8s.io/v1",
//    "resources": [{"resources": ["secrets"],
//                   "providers": [{"aesgcm": {"keys": [{"name": "aesgcmkey-20260101T000000Z",
//                                                       "secret": "<base64 of 32 bytes>"}]}},
//                                 {"identity": {}}]}]}
//
// k1s reads the subset it implements: one resource entry for secrets whose
// providers are aesgcm (its first key encrypts new writes, every key reads)
// followed by identity (values stored in the clear stay readable). JSON, so
// the file is also YAML that kube-apiserver itself would accept.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/encryption/transformer.h"
#include "pkg/util/result.h"

namespace k1s::encryption {

struct EncryptionConfig {
  // The aesgcm provider's keys, the primary (writing) one first. Never empty.
  std::vector<Key> keys;
};

// Invalid, naming `path` and what is wrong, for anything outside the
// subset above (other resources, other providers, identity first, bad keys).
Result<EncryptionConfig> ParseEncryptionConfig(std::string_view text, const std::string& path);
std::string RenderEncryptionConfig(const EncryptionConfig& config);

// NotFound if the file does not exist; IOError if it cannot be read; Invalid
// as ParseEncryptionConfig.
Result<EncryptionConfig> LoadEncryptionConfig(const std::string& path);
// Writes atomically (readers see the old or the new file) with mode 0600,
// creating the directory with mode 0700 if needed.
Status SaveEncryptionConfig(const std::string& path, const EncryptionConfig& config);

// A new random 256-bit key named "aesgcmkey-<UTC time, e.g. 20260101T000000Z>"
// (k3s names its keys the same way), with a "-2", "-3"... suffix if a key in
// `taken` already has that name.
Result<Key> GenerateKey(const std::vector<Key>& taken, std::chrono::system_clock::time_point now);

}  // namespace k1s::encryption
