#include "pkg/apiserver/rest_csr.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fstream>
#include <sstream>

#include "pkg/pki/x509.h"

namespace k1s::apiserver {

namespace {

namespace x509 = pki::internal;

constexpr const char* kClientSigner = "kubernetes.io/kube-apiserver-client";
// kube-controller-manager's --cluster-signing-duration default.
constexpr int64_t kDefaultSeconds = 365 * 24 * 3600;
constexpr int64_t kMinSeconds = 600;

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Base64Decode(const std::string& text) {
  std::string out((text.size() / 4 + 1) * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return "";
  size_t pad = 0;
  for (size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) ++pad;
  out.resize(static_cast<size_t>(n) - std::min<size_t>(pad, static_cast<size_t>(n)));
  return out;
}

std::string Base64Encode(const std::string& bytes) {
  std::string out((bytes.size() + 2) / 3 * 4 + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::vector<std::string> NameEntries(X509_NAME* name, int nid) {
  std::vector<std::string> out;
  for (int i = X509_NAME_get_index_by_NID(name, nid, -1); i >= 0; i = X509_NAME_get_index_by_NID(name, nid, i)) {
    ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
    out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)),
                     static_cast<size_t>(ASN1_STRING_length(data)));
  }
  return out;
}

// The PEM certificate for the CSR in spec.request, signed by the client CA.
Result<std::string> Sign(const Json& csr, const CsrSigningFiles& files) {
  const Json spec = csr.value("spec", Json::object());
  std::string pem = Base64Decode(spec.value("request", ""));
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509_REQ* req = PEM_read_bio_X509_REQ(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (req == nullptr) return Status::Invalid("spec.request: Invalid value: not a PEM certificate request");
  x509::KeyPtr key(X509_REQ_get_pubkey(req));
  X509_NAME* subject = X509_REQ_get_subject_name(req);
  x509::CertSpec cert;
  cert.kind = x509::CertKind::kClient;
  auto cn = NameEntries(subject, NID_commonName);
  cert.common_name = cn.empty() ? "" : cn.front();
  cert.organizations = NameEntries(subject, NID_organizationName);
  const bool verified = key != nullptr && X509_REQ_verify(req, key.get()) == 1;
  X509_REQ_free(req);
  if (!verified) return Status::Invalid("spec.request: Invalid value: the request's signature does not verify");
  int64_t seconds = kDefaultSeconds;
  if (spec.contains("expirationSeconds") && spec["expirationSeconds"].is_number_integer()) {
    seconds = std::clamp(spec["expirationSeconds"].get<int64_t>(), kMinSeconds, kDefaultSeconds);
  }
  cert.validity = std::chrono::seconds(seconds);
  K1S_ASSIGN_OR_RETURN(std::string ca_pem, ReadText(files.ca_cert));
  K1S_ASSIGN_OR_RETURN(std::string ca_key_pem, ReadText(files.ca_key));
  K1S_ASSIGN_OR_RETURN(x509::CertPtr ca, x509::CertFromPem(ca_pem, files.ca_cert));
  K1S_ASSIGN_OR_RETURN(x509::KeyPtr ca_key, x509::KeyFromPem(ca_key_pem, files.ca_key));
  K1S_ASSIGN_OR_RETURN(x509::CertPtr issued, x509::BuildCert(cert, key.get(), ca.get(), ca_key.get()));
  return x509::CertToPem(issued.get());
}

bool HasCondition(const Json& conditions, const char* type) {
  if (!conditions.is_array()) return false;
  for (const Json& c : conditions) {
    if (c.is_object() && c.value("type", "") == type && c.value("status", "") == "True") return true;
  }
  return false;
}

}  // namespace

Result<http::Reply> RestCsrApproval(RestContext& ctx, const CsrSigningFiles* signing) {
  K1S_ASSIGN_OR_RETURN(Json body, DecodeBody(ctx.request));
  if (!body.is_object()) return Status::BadRequest("the request body must be a JSON object");
  Json conditions = body.value("status", Json::object()).value("conditions", Json::array());
  if (HasCondition(conditions, "Approved") && HasCondition(conditions, "Denied")) {
    return Status::Invalid("CertificateSigningRequest \"" + ctx.info.name +
                           "\" is invalid: status.conditions[1].type: Invalid value: \"Denied\": Approved and "
                           "Denied conditions are mutually exclusive");
  }
  int64_t expected = 0;
  auto rv = body.value("metadata", Json::object()).value("resourceVersion", "");
  if (!rv.empty()) expected = std::strtoll(rv.c_str(), nullptr, 10);
  Mutation mutate = [&](Json current) -> Result<Json> {
    if (!current.contains("status") || !current["status"].is_object()) current["status"] = Json::object();
    current["status"]["conditions"] = conditions;
    const Json& spec = current.value("spec", Json::object());
    if (signing != nullptr && HasCondition(conditions, "Approved") && !current["status"].contains("certificate") &&
        spec.value("signerName", "") == kClientSigner) {
      K1S_ASSIGN_OR_RETURN(std::string pem, Sign(current, *signing));
      current["status"]["certificate"] = Base64Encode(pem);
    }
    return current;
  };
  K1S_ASSIGN_OR_RETURN(Json updated, StoreUpdate(ctx, expected, mutate));
  return http::Reply(JsonResponse(200, updated));
}

}  // namespace k1s::apiserver
