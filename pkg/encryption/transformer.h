// Transformer: how one stored value is encrypted and decrypted (secrets
// encryption at rest).
//
// A value is stored either in the clear (the "identity" provider: every value
// written before encryption was turned on, or while it is off) or as
//
//   "k8s:enc:aesgcm:v1:" <key name> ":" <12-byte nonce> <ciphertext> <16-byte tag>
//
// which is the layout kube-apiserver's aesgcm provider writes: AES-GCM
// (128, 192 or 256-bit keys; k1s generates 256-bit ones) through OpenSSL's
// EVP API, a fresh random nonce per write, and the value's store key as
// additional authenticated data, so a ciphertext copied onto another
// object's key does not decrypt. The key name in the prefix picks the key for
// reading, so values written under several keys are all readable while a
// rotation is under way.
//
// Random 96-bit nonces are safe for about 2^32 writes per key; rotate keys
// (`k1s secrets-encrypt rotate-keys`) long before that.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/util/result.h"

namespace k1s::encryption {

inline constexpr std::string_view kEncryptedPrefix = "k8s:enc:";
inline constexpr std::string_view kAesGcmPrefix = "k8s:enc:aesgcm:v1:";
inline constexpr size_t kNonceSize = 12;
inline constexpr size_t kTagSize = 16;

struct Key {
  std::string name;    // non-empty, no ':' (it ends the prefix)
  std::string secret;  // raw bytes: 16, 24 or 32 (AES-128, -192, -256)
};

// What a stored value says about how it was written, without decrypting it.
struct Envelope {
  enum class Kind {
    kIdentity,  // in the clear
    kAesGcm,    // aesgcm under `key_name`
    kOther,     // another "k8s:enc:" provider (aescbc, kms...): `key_name` is its prefix
  };
  Kind kind = Kind::kIdentity;
  std::string key_name;
};
Envelope InspectValue(std::string_view stored);

// Immutable; shared by every reader and writer through a shared_ptr.
class Transformer {
 public:
  // `keys`: every key a stored value may be encrypted with. `write_key`: the
  // name of the key new values are encrypted with, or "" to write them in
  // the clear. Invalid for a bad key (name, size, duplicate) or a
  // `write_key` that is not among `keys`.
  static Result<std::shared_ptr<const Transformer>> Create(std::vector<Key> keys,
                                                           std::string write_key);

  // The value to store for `plaintext` under the store key `aad`.
  Result<std::string> ToStorage(std::string_view plaintext, std::string_view aad) const;
  // The plaintext of a stored value: values in the clear as they are,
  // aesgcm values with the key their prefix names. Internal, saying why,
  // for an unknown key or provider, a truncated value, or one that does not
  // authenticate (wrong key, tampered bytes, moved to another store key).
  Result<std::string> FromStorage(std::string_view stored, std::string_view aad) const;

  const std::string& write_key() const { return write_key_; }
  bool HasKey(const std::string& name) const { return keys_.contains(name); }
  std::vector<std::string> KeyNames() const;

 private:
  Transformer() = default;

  std::map<std::string, std::string, std::less<>> keys_;  // name -> secret
  std::string write_key_;
};

// Checks one key: a name that can sit in the prefix, a secret of an AES size.
Status ValidateKey(const Key& key);

// AES-GCM of `plaintext` under `secret` with a fresh random nonce:
// nonce + ciphertext + tag. Exposed for tests.
Result<std::string> AesGcmSeal(std::string_view secret, std::string_view plaintext,
                               std::string_view aad);
// The inverse; Internal if the bytes do not authenticate.
Result<std::string> AesGcmOpen(std::string_view secret, std::string_view sealed,
                               std::string_view aad);

}  // namespace k1s::encryption
