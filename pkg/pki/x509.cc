#include "pkg/pki/x509.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <ctime>

namespace k1s::pki::internal {
namespace {

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

Status SslFailure(const std::string& what) {
  return Status::Internal(what + ": " + OpenSslError());
}

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

Status AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return SslFailure(std::string("certificate extension ") + value);
  int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  if (ok != 1) return SslFailure(std::string("adding certificate extension ") + value);
  return Status::Ok();
}

Status AddSubjectAltNames(X509* cert, const CertSpec& spec) {
  GENERAL_NAMES* names = sk_GENERAL_NAME_new_null();
  if (names == nullptr) return SslFailure("subjectAltName");
  std::unique_ptr<GENERAL_NAMES, void (*)(GENERAL_NAMES*)> guard(names, GENERAL_NAMES_free);
  for (const std::string& dns : spec.dns_names) {
    GENERAL_NAME* name = GENERAL_NAME_new();
    ASN1_IA5STRING* str = ASN1_IA5STRING_new();
    if (name == nullptr || str == nullptr ||
        ASN1_STRING_set(str, dns.data(), static_cast<int>(dns.size())) != 1) {
      GENERAL_NAME_free(name);
      ASN1_IA5STRING_free(str);
      return SslFailure("subjectAltName DNS " + dns);
    }
    GENERAL_NAME_set0_value(name, GEN_DNS, str);
    sk_GENERAL_NAME_push(names, name);
  }
  for (const std::string& ip : spec.ip_addresses) {
    K1S_ASSIGN_OR_RETURN(std::string bytes, IpBytes(ip));
    GENERAL_NAME* name = GENERAL_NAME_new();
    ASN1_OCTET_STRING* str = ASN1_OCTET_STRING_new();
    if (name == nullptr || str == nullptr ||
        ASN1_OCTET_STRING_set(str, reinterpret_cast<const unsigned char*>(bytes.data()),
                              static_cast<int>(bytes.size())) != 1) {
      GENERAL_NAME_free(name);
      ASN1_OCTET_STRING_free(str);
      return SslFailure("subjectAltName IP " + ip);
    }
    GENERAL_NAME_set0_value(name, GEN_IPADD, str);
    sk_GENERAL_NAME_push(names, name);
  }
  if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names, 0, X509V3_ADD_DEFAULT) != 1) {
    return SslFailure("subjectAltName");
  }
  return Status::Ok();
}

Status SetRandomSerial(X509* cert) {
  std::unique_ptr<BIGNUM, void (*)(BIGNUM*)> bn(BN_new(), BN_free);
  if (!bn) return SslFailure("serial number");
  do {
    if (BN_rand(bn.get(), 128, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1) {
      return SslFailure("serial number");
    }
  } while (BN_is_zero(bn.get()));
  if (BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) == nullptr) {
    return SslFailure("serial number");
  }
  return Status::Ok();
}

Status SetSubject(X509* cert, const CertSpec& spec) {
  X509_NAME* name = X509_get_subject_name(cert);
  for (const std::string& org : spec.organizations) {
    if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(org.c_str()), -1, -1,
                                   0) != 1) {
      return SslFailure("subject O=" + org);
    }
  }
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(spec.common_name.c_str()),
                                 -1, -1, 0) != 1) {
    return SslFailure("subject CN=" + spec.common_name);
  }
  return Status::Ok();
}

}  // namespace

std::string OpenSslError() {
  std::string out;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof(buf));
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "unknown OpenSSL error" : out;
}

Result<KeyPtr> GenerateKey() {
  KeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return SslFailure("generating an ECDSA P-256 key");
  return key;
}

Result<std::string> KeyToPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return SslFailure("encoding a private key");
  }
  return BioContents(bio.get());
}

Result<std::string> CertToPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return SslFailure("encoding a certificate");
  return BioContents(bio.get());
}

Result<KeyPtr> KeyFromPem(const std::string& pem, const std::string& what) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  KeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) return SslFailure(what + ": not a PEM private key");
  return key;
}

Result<CertPtr> CertFromPem(const std::string& pem, const std::string& what) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  CertPtr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!cert) return SslFailure(what + ": not a PEM certificate");
  return cert;
}

Result<CertPtr> BuildCert(const CertSpec& spec, EVP_PKEY* subject_key, X509* issuer_cert,
                          EVP_PKEY* issuer_key) {
  CertPtr cert(X509_new());
  if (!cert) return SslFailure("allocating a certificate");
  X509* x = cert.get();
  if (X509_set_version(x, X509_VERSION_3) != 1) return SslFailure("certificate version");
  K1S_RETURN_IF_ERROR(SetRandomSerial(x));
  K1S_RETURN_IF_ERROR(SetSubject(x, spec));
  X509* issuer = issuer_cert != nullptr ? issuer_cert : x;
  if (X509_set_issuer_name(x, X509_get_subject_name(issuer)) != 1) {
    return SslFailure("certificate issuer");
  }
  // Backdated so that a peer whose clock is slightly behind accepts it at once.
  if (X509_gmtime_adj(X509_getm_notBefore(x), -60) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(x), static_cast<long>(spec.validity.count())) == nullptr) {
    return SslFailure("certificate validity");
  }
  if (X509_set_pubkey(x, subject_key) != 1) return SslFailure("certificate public key");

  K1S_RETURN_IF_ERROR(AddExtension(x, issuer, NID_subject_key_identifier, "hash"));
  switch (spec.kind) {
    case CertKind::kCa:
      K1S_RETURN_IF_ERROR(AddExtension(x, issuer, NID_basic_constraints, "critical,CA:TRUE"));
      K1S_RETURN_IF_ERROR(AddExtension(x, issuer, NID_key_usage,
                                       "critical,digitalSignature,keyEncipherment,keyCertSign"));
      break;
    case CertKind::kServer:
    case CertKind::kClient:
      K1S_RETURN_IF_ERROR(AddExtension(x, issuer, NID_basic_constraints, "critical,CA:FALSE"));
      K1S_RETURN_IF_ERROR(
          AddExtension(x, issuer, NID_key_usage, "critical,digitalSignature,keyEncipherment"));
      K1S_RETURN_IF_ERROR(
          AddExtension(x, issuer, NID_ext_key_usage,
                       spec.kind == CertKind::kServer ? "serverAuth" : "clientAuth"));
      K1S_RETURN_IF_ERROR(AddExtension(x, issuer, NID_authority_key_identifier, "keyid:always"));
      break;
  }
  if (spec.kind == CertKind::kServer) K1S_RETURN_IF_ERROR(AddSubjectAltNames(x, spec));

  if (X509_sign(x, issuer_key, EVP_sha256()) == 0) return SslFailure("signing a certificate");
  return cert;
}

Result<std::string> IpBytes(const std::string& ip) {
  ASN1_OCTET_STRING* bytes = a2i_IPADDRESS(ip.c_str());
  if (bytes == nullptr) {
    ERR_clear_error();
    return Status::Invalid("not an IP address: \"" + ip + "\"");
  }
  std::string out(reinterpret_cast<const char*>(ASN1_STRING_get0_data(bytes)),
                  static_cast<size_t>(ASN1_STRING_length(bytes)));
  ASN1_OCTET_STRING_free(bytes);
  return out;
}

Sans CertSans(X509* cert) {
  Sans sans;
  auto* names =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return sans;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type == GEN_DNS) {
      const ASN1_IA5STRING* s = name->d.dNSName;
      sans.dns.insert(Lower(std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                        static_cast<size_t>(ASN1_STRING_length(s)))));
    } else if (name->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* s = name->d.iPAddress;
      sans.ips.insert(std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                  static_cast<size_t>(ASN1_STRING_length(s))));
    }
  }
  GENERAL_NAMES_free(names);
  return sans;
}

bool IssuedBy(X509* cert, X509* ca) {
  if (X509_check_issued(ca, cert) != X509_V_OK) return false;
  EVP_PKEY* ca_key = X509_get0_pubkey(ca);
  bool ok = ca_key != nullptr && X509_verify(cert, ca_key) == 1;
  ERR_clear_error();
  return ok;
}

bool KeyMatches(X509* cert, EVP_PKEY* key) {
  bool ok = X509_check_private_key(cert, key) == 1;
  ERR_clear_error();
  return ok;
}

bool ExpiresWithin(X509* cert, std::chrono::seconds window) {
  time_t deadline = std::time(nullptr) + static_cast<time_t>(window.count());
  // X509_cmp_time: -1 when notAfter is before the deadline, 0 on error.
  return X509_cmp_time(X509_get0_notAfter(cert), &deadline) <= 0;
}

}  // namespace k1s::pki::internal
