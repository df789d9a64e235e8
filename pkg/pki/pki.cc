#include "pkg/pki/pki.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <set>

#include "pkg/pki/file_io.h"
#include "pkg/pki/x509.h"

namespace k1s::pki {
namespace {

using internal::CertKind;
using internal::CertPtr;
using internal::CertSpec;
using internal::KeyPtr;

constexpr std::chrono::hours kDay(24);
constexpr std::chrono::hours kCaValidity = 3650 * kDay;
constexpr std::chrono::hours kLeafValidity = 365 * kDay;
// Like k3s: a leaf this close to expiry is re-issued at start.
constexpr std::chrono::hours kRenewWithin = 90 * kDay;

constexpr unsigned kKeyMode = 0600;
constexpr unsigned kCertMode = 0644;
constexpr unsigned kDirMode = 0700;

struct KeyPair {
  CertPtr cert;
  KeyPtr key;
};

Result<KeyPtr> LoadKey(const std::string& path) {
  K1S_ASSIGN_OR_RETURN(std::string pem, internal::ReadFile(path));
  return internal::KeyFromPem(pem, path);
}

Result<CertPtr> LoadCert(const std::string& path) {
  K1S_ASSIGN_OR_RETURN(std::string pem, internal::ReadFile(path));
  return internal::CertFromPem(pem, path);
}

Status WriteKey(const std::string& path, EVP_PKEY* key) {
  K1S_ASSIGN_OR_RETURN(std::string pem, internal::KeyToPem(key));
  return WriteFileAtomic(path, pem, kKeyMode);
}

Status WriteCert(const std::string& path, X509* cert) {
  K1S_ASSIGN_OR_RETURN(std::string pem, internal::CertToPem(cert));
  return WriteFileAtomic(path, pem, kCertMode);
}

// Absent files are NotFound; anything else wrong with them is an error.
template <typename T>
Status OkOrNotFound(const Result<T>& r) {
  return r.ok() || r.status().IsNotFound() ? Status::Ok() : r.status();
}

Result<KeyPair> EnsureCa(const std::string& cert_path, const std::string& key_path,
                         const std::string& name) {
  Result<KeyPtr> key = LoadKey(key_path);
  Result<CertPtr> cert = LoadCert(cert_path);
  K1S_RETURN_IF_ERROR(OkOrNotFound(key));
  K1S_RETURN_IF_ERROR(OkOrNotFound(cert));
  if (cert.ok()) {
    if (!key.ok()) {
      return Status::Internal("CA certificate " + cert_path + " exists but its key " + key_path +
                              " does not; refusing to replace the CA");
    }
    if (!internal::KeyMatches(cert->get(), key->get())) {
      return Status::Internal("CA key " + key_path + " does not match " + cert_path);
    }
    return KeyPair{std::move(*cert), std::move(*key)};
  }
  // A key without a certificate is left by an interrupted first start: no one
  // can trust a CA certificate that was never written, so sign one for it.
  KeyPair ca;
  if (key.ok()) {
    ca.key = std::move(*key);
  } else {
    K1S_ASSIGN_OR_RETURN(ca.key, internal::GenerateKey());
    K1S_RETURN_IF_ERROR(WriteKey(key_path, ca.key.get()));
  }
  CertSpec spec;
  spec.kind = CertKind::kCa;
  spec.common_name = name + "@" + std::to_string(std::time(nullptr));
  spec.validity = kCaValidity;
  K1S_ASSIGN_OR_RETURN(ca.cert, internal::BuildCert(spec, ca.key.get(), nullptr, ca.key.get()));
  K1S_RETURN_IF_ERROR(WriteCert(cert_path, ca.cert.get()));
  return ca;
}

bool HasSans(X509* cert, const CertSpec& spec) {
  internal::Sans have = internal::CertSans(cert);
  for (const std::string& dns : spec.dns_names) {
    if (have.dns.count(dns) == 0) return false;
  }
  for (const std::string& ip : spec.ip_addresses) {
    Result<std::string> bytes = internal::IpBytes(ip);
    if (!bytes.ok() || have.ips.count(*bytes) == 0) return false;
  }
  return true;
}

// Reuses the leaf at cert_path/key_path while it is signed by `ca`, matches
// its key, is not close to expiry and carries the SANs asked for; otherwise
// issues a new one, keeping an existing key.
Status EnsureLeaf(const std::string& cert_path, const std::string& key_path, const CertSpec& spec,
                  const KeyPair& ca) {
  Result<KeyPtr> key = LoadKey(key_path);
  Result<CertPtr> cert = LoadCert(cert_path);
  K1S_RETURN_IF_ERROR(OkOrNotFound(key));
  K1S_RETURN_IF_ERROR(OkOrNotFound(cert));
  if (key.ok() && cert.ok() && internal::KeyMatches(cert->get(), key->get()) &&
      internal::IssuedBy(cert->get(), ca.cert.get()) &&
      !internal::ExpiresWithin(cert->get(), kRenewWithin) && HasSans(cert->get(), spec)) {
    return Status::Ok();
  }
  KeyPtr leaf_key;
  if (key.ok()) {
    leaf_key = std::move(*key);
  } else {
    K1S_ASSIGN_OR_RETURN(leaf_key, internal::GenerateKey());
    K1S_RETURN_IF_ERROR(WriteKey(key_path, leaf_key.get()));
  }
  K1S_ASSIGN_OR_RETURN(CertPtr leaf,
                       internal::BuildCert(spec, leaf_key.get(), ca.cert.get(), ca.key.get()));
  return WriteCert(cert_path, leaf.get());
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

Status ValidateDnsName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 253 &&
            std::all_of(name.begin(), name.end(), [](unsigned char c) {
              return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '*';
            });
  if (!ok) return Status::Invalid("not a DNS name for a certificate: \"" + name + "\"");
  return Status::Ok();
}

Result<CertSpec> ServingSpec(const ServerPkiOptions& options) {
  CertSpec spec;
  spec.kind = CertKind::kServer;
  spec.common_name = "kube-apiserver";
  spec.validity = kLeafValidity;
  std::vector<std::string> dns = {"localhost", "kubernetes", "kubernetes.default",
                                  "kubernetes.default.svc"};
  if (!options.cluster_domain.empty()) {
    dns.push_back("kubernetes.default.svc." + options.cluster_domain);
  }
  dns.insert(dns.end(), options.dns_names.begin(), options.dns_names.end());
  std::set<std::string> seen;
  for (const std::string& name : dns) {
    std::string lower = Lower(name);
    K1S_RETURN_IF_ERROR(ValidateDnsName(lower));
    if (seen.insert(lower).second) spec.dns_names.push_back(lower);
  }
  std::vector<std::string> ips = {"127.0.0.1", "::1"};
  ips.insert(ips.end(), options.ip_addresses.begin(), options.ip_addresses.end());
  seen.clear();
  for (const std::string& ip : ips) {
    K1S_ASSIGN_OR_RETURN(std::string bytes, internal::IpBytes(ip));
    if (seen.insert(bytes).second) spec.ip_addresses.push_back(ip);
  }
  return spec;
}

}  // namespace

Result<ServerPki> EnsureServerPki(const ServerPkiOptions& options) {
  if (options.dir.empty()) return Status::Invalid("PKI directory not set");
  K1S_ASSIGN_OR_RETURN(CertSpec serving, ServingSpec(options));
  K1S_RETURN_IF_ERROR(internal::EnsureDirectory(options.dir, kDirMode));

  const std::string dir = options.dir + "/";
  ServerPki pki;
  pki.server_ca_cert = dir + "server-ca.crt";
  pki.server_ca_key = dir + "server-ca.key";
  pki.client_ca_cert = dir + "client-ca.crt";
  pki.client_ca_key = dir + "client-ca.key";
  pki.serving_cert = dir + "serving-kube-apiserver.crt";
  pki.serving_key = dir + "serving-kube-apiserver.key";
  pki.admin_cert = dir + "client-admin.crt";
  pki.admin_key = dir + "client-admin.key";

  K1S_ASSIGN_OR_RETURN(KeyPair server_ca,
                       EnsureCa(pki.server_ca_cert, pki.server_ca_key, "k1s-server-ca"));
  K1S_ASSIGN_OR_RETURN(KeyPair client_ca,
                       EnsureCa(pki.client_ca_cert, pki.client_ca_key, "k1s-client-ca"));
  K1S_RETURN_IF_ERROR(EnsureLeaf(pki.serving_cert, pki.serving_key, serving, server_ca));

  CertSpec admin;
  admin.kind = CertKind::kClient;
  admin.common_name = "system:admin";
  admin.organizations = {"system:masters"};
  admin.validity = kLeafValidity;
  K1S_RETURN_IF_ERROR(EnsureLeaf(pki.admin_cert, pki.admin_key, admin, client_ca));
  return pki;
}

Result<IssuedCert> IssueClientCert(const ServerPki& pki, const std::string& common_name,
                                   const std::vector<std::string>& organizations,
                                   std::chrono::hours validity) {
  if (common_name.empty()) return Status::Invalid("client certificate needs a common name");
  if (validity.count() <= 0) return Status::Invalid("client certificate validity must be positive");
  K1S_ASSIGN_OR_RETURN(CertPtr ca_cert, LoadCert(pki.client_ca_cert));
  K1S_ASSIGN_OR_RETURN(KeyPtr ca_key, LoadKey(pki.client_ca_key));
  if (!internal::KeyMatches(ca_cert.get(), ca_key.get())) {
    return Status::Internal("CA key " + pki.client_ca_key + " does not match " +
                            pki.client_ca_cert);
  }
  CertSpec spec;
  spec.kind = CertKind::kClient;
  spec.common_name = common_name;
  spec.organizations = organizations;
  spec.validity = validity;
  K1S_ASSIGN_OR_RETURN(KeyPtr key, internal::GenerateKey());
  K1S_ASSIGN_OR_RETURN(CertPtr cert,
                       internal::BuildCert(spec, key.get(), ca_cert.get(), ca_key.get()));
  IssuedCert out;
  K1S_ASSIGN_OR_RETURN(out.cert_pem, internal::CertToPem(cert.get()));
  K1S_ASSIGN_OR_RETURN(out.key_pem, internal::KeyToPem(key.get()));
  return out;
}

}  // namespace k1s::pki
