#include "pkg/encryption/transformer.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <set>

#include "pkg/util/quote.h"

namespace k1s::encryption {

namespace {

struct CtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CtxDeleter>;

const EVP_CIPHER* CipherFor(size_t key_size) {
  switch (key_size) {
    case 16:
      return EVP_aes_128_gcm();
    case 24:
      return EVP_aes_192_gcm();
    case 32:
      return EVP_aes_256_gcm();
    default:
      return nullptr;
  }
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

Envelope InspectValue(std::string_view stored) {
  Envelope e;
  if (!stored.starts_with(kEncryptedPrefix)) return e;
  if (stored.starts_with(kAesGcmPrefix)) {
    std::string_view rest = stored.substr(kAesGcmPrefix.size());
    const size_t colon = rest.find(':');
    if (colon != std::string_view::npos) {
      e.kind = Envelope::Kind::kAesGcm;
      e.key_name = std::string(rest.substr(0, colon));
      return e;
    }
  }
  // "k8s:enc:<provider>:v1:<name>:..." or something malformed: name the
  // provider part, which is all a message can usefully show.
  e.kind = Envelope::Kind::kOther;
  std::string_view rest = stored.substr(kEncryptedPrefix.size());
  const size_t end = rest.find(':');
  e.key_name = std::string(kEncryptedPrefix) + std::string(rest.substr(0, std::min<size_t>(end, 32)));
  return e;
}

Status ValidateKey(const Key& key) {
  if (key.name.empty()) return Status::Invalid("an encryption key needs a name");
  if (key.name.find(':') != std::string::npos || key.name.size() > 128) {
    return Status::Invalid("encryption key name " + DoubleQuote(key.name) +
                           " must be at most 128 characters without ':'");
  }
  if (CipherFor(key.secret.size()) == nullptr) {
    return Status::Invalid("encryption key " + DoubleQuote(key.name) + " has " +
                           std::to_string(key.secret.size()) +
                           " bytes; AES-GCM keys have 16, 24 or 32");
  }
  return Status::Ok();
}

Result<std::string> AesGcmSeal(std::string_view secret, std::string_view plaintext,
                               std::string_view aad) {
  const EVP_CIPHER* cipher = CipherFor(secret.size());
  if (cipher == nullptr) return Status::Invalid("bad AES key size");
  std::string out(kNonceSize + plaintext.size() + kTagSize, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  if (RAND_bytes(nonce, static_cast<int>(kNonceSize)) != 1) {
    return Status::Internal("the random number generator failed");
  }
  CtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  // GCM's default IV length is 12 bytes: no EVP_CTRL_GCM_SET_IVLEN needed.
  if (ctx == nullptr || EVP_EncryptInit_ex(ctx.get(), cipher, nullptr, Bytes(secret), nonce) != 1 ||
      (!aad.empty() &&
       EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) != 1)) {
    return Status::Internal("AES-GCM encryption could not start");
  }
  unsigned char* body = nonce + kNonceSize;
  int written = 0;
  if (!plaintext.empty() && EVP_EncryptUpdate(ctx.get(), body, &written, Bytes(plaintext),
                                              static_cast<int>(plaintext.size())) != 1) {
    return Status::Internal("AES-GCM encryption failed");
  }
  int final_len = 0;
  if (EVP_EncryptFinal_ex(ctx.get(), body + written, &final_len) != 1 ||
      static_cast<size_t>(written + final_len) != plaintext.size() ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagSize),
                          body + plaintext.size()) != 1) {
    return Status::Internal("AES-GCM encryption failed");
  }
  return out;
}

Result<std::string> AesGcmOpen(std::string_view secret, std::string_view sealed,
                               std::string_view aad) {
  const EVP_CIPHER* cipher = CipherFor(secret.size());
  if (cipher == nullptr) return Status::Invalid("bad AES key size");
  if (sealed.size() < kNonceSize + kTagSize) {
    return Status::Internal("the encrypted value is too short (" + std::to_string(sealed.size()) +
                            " bytes)");
  }
  const std::string_view nonce = sealed.substr(0, kNonceSize);
  const std::string_view body = sealed.substr(kNonceSize, sealed.size() - kNonceSize - kTagSize);
  std::string tag(sealed.substr(sealed.size() - kTagSize));
  CtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (ctx == nullptr ||
      EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, Bytes(secret), Bytes(nonce)) != 1 ||
      (!aad.empty() &&
       EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) != 1)) {
    return Status::Internal("AES-GCM decryption could not start");
  }
  std::string out(body.size(), '\0');
  int written = 0;
  if (!body.empty() &&
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &written,
                        Bytes(body), static_cast<int>(body.size())) != 1) {
    return Status::Internal("AES-GCM decryption failed");
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagSize),
                          tag.data()) != 1) {
    return Status::Internal("AES-GCM decryption failed");
  }
  int final_len = 0;
  unsigned char scratch[16];
  if (EVP_DecryptFinal_ex(ctx.get(), scratch, &final_len) != 1) {
    // Nothing of the unauthenticated plaintext leaves this function.
    OPENSSL_cleanse(out.data(), out.size());
    return Status::Internal("the encrypted value does not authenticate (wrong key, or altered)");
  }
  return out;
}

Result<std::shared_ptr<const Transformer>> Transformer::Create(std::vector<Key> keys,
                                                               std::string write_key) {
  std::shared_ptr<Transformer> t(new Transformer());
  for (Key& key : keys) {
    K1S_RETURN_IF_ERROR(ValidateKey(key));
    if (!t->keys_.emplace(key.name, std::move(key.secret)).second) {
      return Status::Invalid("encryption key name " + DoubleQuote(key.name) + " appears twice");
    }
  }
  if (!write_key.empty() && !t->keys_.contains(write_key)) {
    return Status::Invalid("the write key " + DoubleQuote(write_key) + " is not among the keys");
  }
  t->write_key_ = std::move(write_key);
  return std::shared_ptr<const Transformer>(std::move(t));
}

std::vector<std::string> Transformer::KeyNames() const {
  std::vector<std::string> names;
  for (const auto& [name, secret] : keys_) names.push_back(name);
  return names;
}

Result<std::string> Transformer::ToStorage(std::string_view plaintext, std::string_view aad) const {
  if (write_key_.empty()) return std::string(plaintext);
  const std::string& secret = keys_.find(write_key_)->second;
  K1S_ASSIGN_OR_RETURN(std::string sealed, AesGcmSeal(secret, plaintext, aad));
  std::string out;
  out.reserve(kAesGcmPrefix.size() + write_key_.size() + 1 + sealed.size());
  out += kAesGcmPrefix;
  out += write_key_;
  out += ':';
  out += sealed;
  return out;
}

Result<std::string> Transformer::FromStorage(std::string_view stored, std::string_view aad) const {
  const Envelope envelope = InspectValue(stored);
  switch (envelope.kind) {
    case Envelope::Kind::kIdentity:
      return std::string(stored);
    case Envelope::Kind::kOther:
      return Status::Internal("the value was written by an encryption provider k1s does not have (" +
                              envelope.key_name + ")");
    case Envelope::Kind::kAesGcm:
      break;
  }
  auto key = keys_.find(envelope.key_name);
  if (key == keys_.end()) {
    return Status::Internal("the value is encrypted with key " + DoubleQuote(envelope.key_name) +
                            ", which the encryption config does not hold");
  }
  const size_t header = kAesGcmPrefix.size() + envelope.key_name.size() + 1;
  auto plain = AesGcmOpen(key->second, stored.substr(header), aad);
  if (!plain.ok()) {
    return Status::Internal("key " + DoubleQuote(envelope.key_name) + ": " + plain.status().message());
  }
  return plain;
}

}  // namespace k1s::encryption
