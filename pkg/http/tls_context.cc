#include "pkg/http/tls_context.h"

#include <openssl/err.h>
#include <openssl/x509.h>

#include <string>
#include <vector>

namespace k1s::http::internal {
namespace {

namespace ssl = boost::asio::ssl;

// The OpenSSL reason behind `ec`, or its message.
std::string Describe(const boost::system::error_code& ec) {
  unsigned long err = ERR_get_error();
  ERR_clear_error();
  if (err == 0) return ec.message();
  char buf[256];
  ERR_error_string_n(err, buf, sizeof(buf));
  return buf;
}

// Sessions resumed under client verification need an id context, or OpenSSL
// rejects the resumption.
constexpr unsigned char kSessionIdContext[] = "k1s-http";

std::vector<std::string> NameEntries(X509_NAME* name, int nid) {
  std::vector<std::string> out;
  for (int i = X509_NAME_get_index_by_NID(name, nid, -1); i >= 0;
       i = X509_NAME_get_index_by_NID(name, nid, i)) {
    ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
    unsigned char* utf8 = nullptr;
    int len = ASN1_STRING_to_UTF8(&utf8, data);
    if (len < 0) continue;
    out.emplace_back(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
    OPENSSL_free(utf8);
  }
  return out;
}

// Picks "http/1.1" when the client offers it (kubectl offers h2 first), so
// clients know what they speak; without a match, goes on without ALPN.
int SelectAlpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
               unsigned int inlen, void*) {
  static constexpr unsigned char kHttp11[] = "\x08http/1.1";
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, outlen, kHttp11, sizeof(kHttp11) - 1, in, inlen) !=
      OPENSSL_NPN_NEGOTIATED) {
    return SSL_TLSEXT_ERR_NOACK;
  }
  *out = selected;
  return SSL_TLSEXT_ERR_OK;
}

}  // namespace

Result<std::unique_ptr<ssl::context>> MakeServerTlsContext(const TlsFiles& files) {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                   ssl::context::single_dh_use);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(files.cert_file, ec);
  if (ec) return Status::IOError("TLS certificate " + files.cert_file + ": " + Describe(ec));
  ctx->use_private_key_file(files.key_file, ssl::context::pem, ec);
  if (ec) return Status::IOError("TLS key " + files.key_file + ": " + Describe(ec));
  if (SSL_CTX_check_private_key(native) != 1) {
    ERR_clear_error();
    return Status::IOError("TLS key " + files.key_file + " does not match " + files.cert_file);
  }
  SSL_CTX_set_alpn_select_cb(native, SelectAlpn, nullptr);
  SSL_CTX_set_session_id_context(native, kSessionIdContext, sizeof(kSessionIdContext) - 1);
  if (!files.client_ca_file.empty()) {
    ctx->load_verify_file(files.client_ca_file, ec);
    if (ec) return Status::IOError("client CA " + files.client_ca_file + ": " + Describe(ec));
    // Tells clients which CAs we accept, so they pick the right certificate.
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(files.client_ca_file.c_str());
    if (names == nullptr) {
      ERR_clear_error();
      return Status::IOError("client CA " + files.client_ca_file + ": no certificates");
    }
    SSL_CTX_set_client_CA_list(native, names);
    // Requested, verified if sent, but optional: no FAIL_IF_NO_PEER_CERT.
    ctx->set_verify_mode(ssl::verify_peer);
  }
  return ctx;
}

std::optional<PeerCertificate> VerifiedPeer(SSL* ssl) {
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (cert == nullptr) return std::nullopt;
  std::optional<PeerCertificate> peer;
  if (SSL_get_verify_result(ssl) == X509_V_OK) {
    X509_NAME* subject = X509_get_subject_name(cert);
    peer.emplace();
    std::vector<std::string> cns = NameEntries(subject, NID_commonName);
    if (!cns.empty()) peer->common_name = cns.front();
    peer->organizations = NameEntries(subject, NID_organizationName);
  }
  X509_free(cert);
  return peer;
}

}  // namespace k1s::http::internal
