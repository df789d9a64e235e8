#include "pkg/auth/jwt.h"

#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

namespace k1s::auth {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string OpenSslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof(buf));
  return buf;
}

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct SigFree {
  void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};

Status WritePrivate(const std::string& path, const std::string& data) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return Status::IOError("cannot create " + tmp);
  bool ok = ::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size());
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) return Status::IOError("cannot write " + path);
  return Status::Ok();
}

}  // namespace

struct TokenSigner::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t n = uint8_t(bytes[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
  } else if (i + 2 == bytes.size()) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
  }
  return out;
}

bool Base64UrlDecode(std::string_view text, std::string* bytes) {
  bytes->clear();
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const char* at = std::strchr(kAlphabet, c);
    if (c == '\0' || at == nullptr) return false;
    acc = (acc << 6) | static_cast<uint32_t>(at - kAlphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes->push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return bits < 6;  // a lone trailing character cannot be valid
}

TokenSigner::TokenSigner(std::unique_ptr<Key> key) : key_(std::move(key)) {
  // The key id is the SHA-256 of the public key's DER form, as Kubernetes
  // derives it.
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key_->pkey, &der);
  if (len > 0) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(der, static_cast<size_t>(len), digest);
    key_id_ = Base64UrlEncode(std::string_view(reinterpret_cast<char*>(digest), sizeof(digest)));
  }
  OPENSSL_free(der);
}

TokenSigner::~TokenSigner() = default;

Result<std::unique_ptr<TokenSigner>> TokenSigner::LoadOrCreate(const std::string& key_path) {
  auto key = std::make_unique<Key>();
  std::ifstream in(key_path, std::ios::binary);
  if (in) {
    std::ostringstream pem;
    pem << in.rdbuf();
    std::string text = pem.str();
    std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    key->pkey = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
    if (key->pkey == nullptr || EVP_PKEY_get_base_id(key->pkey) != EVP_PKEY_EC) {
      return Status::Invalid(key_path + ": not an ECDSA private key: " + OpenSslError());
    }
  } else {
    key->pkey = EVP_EC_gen("P-256");
    if (key->pkey == nullptr) return Status::Internal("generating a key: " + OpenSslError());
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PrivateKey(bio.get(), key->pkey, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
      return Status::Internal("encoding a key: " + OpenSslError());
    }
    char* data = nullptr;
    long len = BIO_get_mem_data(bio.get(), &data);
    K1S_RETURN_IF_ERROR(WritePrivate(key_path, std::string(data, static_cast<size_t>(len))));
  }
  return std::unique_ptr<TokenSigner>(new TokenSigner(std::move(key)));
}

Result<std::string> TokenSigner::Sign(const nlohmann::json& claims) const {
  const nlohmann::json header = {{"alg", "ES256"}, {"kid", key_id_}};
  const std::string input = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  size_t der_len = 0;
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_->pkey) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &der_len, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1) {
    return Status::Internal("signing a token: " + OpenSslError());
  }
  std::string der(der_len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &der_len,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    return Status::Internal("signing a token: " + OpenSslError());
  }
  // JWS wants r || s, 32 bytes each, not OpenSSL's DER.
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, SigFree> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_len)));
  if (sig == nullptr) return Status::Internal("decoding a signature: " + OpenSslError());
  std::string raw(64, '\0');
  BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), reinterpret_cast<unsigned char*>(raw.data()), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
  return input + "." + Base64UrlEncode(raw);
}

Result<nlohmann::json> TokenSigner::Verify(const std::string& token) const {
  const Status bad = Status::Unauthorized("invalid bearer token");
  size_t dot1 = token.find('.');
  size_t dot2 = dot1 == std::string::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string::npos || token.find('.', dot2 + 1) != std::string::npos) return bad;
  std::string header_text, claims_text, raw;
  if (!Base64UrlDecode(std::string_view(token).substr(0, dot1), &header_text) ||
      !Base64UrlDecode(std::string_view(token).substr(dot1 + 1, dot2 - dot1 - 1), &claims_text) ||
      !Base64UrlDecode(std::string_view(token).substr(dot2 + 1), &raw) || raw.size() != 64) {
    return bad;
  }
  nlohmann::json header = nlohmann::json::parse(header_text, nullptr, false);
  if (!header.is_object() || header.value("alg", "") != "ES256") return bad;
  auto kid = header.find("kid");
  if (kid != header.end() && (!kid->is_string() || *kid != key_id_)) return bad;

  std::unique_ptr<ECDSA_SIG, SigFree> sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return Status::Internal("decoding a signature: " + OpenSslError());
  }
  unsigned char* der = nullptr;
  int der_len = i2d_ECDSA_SIG(sig.get(), &der);
  if (der_len <= 0) return Status::Internal("encoding a signature: " + OpenSslError());
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  const std::string input = token.substr(0, dot2);
  int verified = 0;
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_->pkey) == 1) {
    verified = EVP_DigestVerify(ctx.get(), der, static_cast<size_t>(der_len),
                                reinterpret_cast<const unsigned char*>(input.data()), input.size());
  }
  OPENSSL_free(der);
  ERR_clear_error();
  if (verified != 1) return bad;
  nlohmann::json claims = nlohmann::json::parse(claims_text, nullptr, false);
  if (!claims.is_object()) return bad;
  return claims;
}

nlohmann::json TokenSigner::Jwks() const {
  auto coordinate = [this](const char* name) {
    BIGNUM* bn = nullptr;
    std::string out(32, '\0');
    if (EVP_PKEY_get_bn_param(key_->pkey, name, &bn) == 1) {
      BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), 32);
    }
    BN_free(bn);
    return Base64UrlEncode(out);
  };
  nlohmann::json key = {{"use", "sig"},
                        {"kty", "EC"},
                        {"kid", key_id_},
                        {"crv", "P-256"},
                        {"alg", "ES256"},
                        {"x", coordinate(OSSL_PKEY_PARAM_EC_PUB_X)},
                        {"y", coordinate(OSSL_PKEY_PARAM_EC_PUB_Y)}};
  return {{"keys", nlohmann::json::array({key})}};
}

}  // namespace k1s::auth
