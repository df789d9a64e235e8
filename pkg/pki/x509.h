// OpenSSL 3 building blocks for pki.cc: keys, certificates, PEM, SANs.
// Internal to pkg/pki; other components use pki.h.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "pkg/util/result.h"

namespace k1s::pki::internal {

struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertDeleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyDeleter>;
using CertPtr = std::unique_ptr<X509, CertDeleter>;

enum class CertKind { kCa, kServer, kClient };

struct CertSpec {
  CertKind kind = CertKind::kClient;
  std::string common_name;
  std::vector<std::string> organizations;
  std::vector<std::string> dns_names;     // kServer only
  std::vector<std::string> ip_addresses;  // kServer only; textual IPv4/IPv6
  std::chrono::seconds validity{0};
};

// The queued OpenSSL errors as one line (and clears the queue).
std::string OpenSslError();

Result<KeyPtr> GenerateKey();  // ECDSA P-256
Result<std::string> KeyToPem(EVP_PKEY* key);
Result<std::string> CertToPem(X509* cert);
// `what` (usually the file path) is named in errors.
Result<KeyPtr> KeyFromPem(const std::string& pem, const std::string& what);
Result<CertPtr> CertFromPem(const std::string& pem, const std::string& what);

// Builds and signs a certificate for `subject_key`. A CA is self-signed: pass
// issuer_cert = nullptr and issuer_key = subject_key.
Result<CertPtr> BuildCert(const CertSpec& spec, EVP_PKEY* subject_key, X509* issuer_cert,
                          EVP_PKEY* issuer_key);

// The 4 or 16 address bytes of a textual IP; Invalid if it is not one.
Result<std::string> IpBytes(const std::string& ip);

struct Sans {
  std::set<std::string> dns;  // lower case
  std::set<std::string> ips;  // IpBytes form
};
Sans CertSans(X509* cert);

bool IssuedBy(X509* cert, X509* ca);  // names chain and the signature verifies
bool KeyMatches(X509* cert, EVP_PKEY* key);
bool ExpiresWithin(X509* cert, std::chrono::seconds window);

}  // namespace k1s::pki::internal
