// Service account tokens: JSON Web Tokens signed with ES256 (ECDSA P-256 over
// SHA-256) by a key the server keeps, as kube-apiserver's
// --service-account-signing-key-file does, plus the public key as a JWKS for
// /openid/v1/jwks.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "pkg/util/result.h"

namespace k1s::auth {

class TokenSigner {
 public:
  // Reads the PEM private key at `key_path`, or creates one (mode 0600) when
  // the file does not exist.
  static Result<std::unique_ptr<TokenSigner>> LoadOrCreate(const std::string& key_path);
  ~TokenSigner();
  TokenSigner(const TokenSigner&) = delete;
  TokenSigner& operator=(const TokenSigner&) = delete;

  // header.payload.signature for `claims`, with header {alg: ES256, kid}.
  Result<std::string> Sign(const nlohmann::json& claims) const;
  // The claims of a token this key signed. Unauthorized for anything else:
  // malformed, another algorithm or key, a bad signature. Times and audiences
  // are the caller's to check.
  Result<nlohmann::json> Verify(const std::string& token) const;
  // {"keys": [the public key as a JWK]}.
  nlohmann::json Jwks() const;
  const std::string& key_id() const { return key_id_; }

 private:
  struct Key;
  explicit TokenSigner(std::unique_ptr<Key> key);
  std::unique_ptr<Key> key_;
  std::string key_id_;
};

std::string Base64UrlEncode(std::string_view bytes);
// nullopt-like: returns false on characters outside the alphabet.
bool Base64UrlDecode(std::string_view text, std::string* bytes);

}  // namespace k1s::auth
