#include "pkg/server/admin_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>

#include "pkg/apiserver/yaml_json.h"
#include "pkg/pki/file_io.h"

namespace k1s::server {

namespace {

using Json = nlohmann::json;

// Base64 as kubeconfigs carry it (whitespace ignored); false if malformed.
bool Base64Decode(std::string_view text, std::string* out) {
  std::string clean;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) clean += c;
  }
  if (clean.empty() || clean.size() % 4 != 0) return false;
  std::string buf(clean.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(buf.data()),
                                reinterpret_cast<const unsigned char*>(clean.data()),
                                static_cast<int>(clean.size()));
  if (n < 0) return false;
  size_t size = static_cast<size_t>(n);
  if (clean.ends_with("==")) {
    size -= 2;
  } else if (clean.ends_with("=")) {
    size -= 1;
  }
  buf.resize(size);
  *out = std::move(buf);
  return true;
}

const Json* Named(const Json& doc, const char* list, const std::string& name) {
  if (!doc.contains(list) || !doc[list].is_array()) return nullptr;
  for (const Json& item : doc[list]) {
    if (item.is_object() && item.value("name", Json()) == name) return &item;
  }
  return nullptr;
}

std::string StringAt(const Json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return "";
  return object[key].get<std::string>();
}

// `<field>-data` (base64) or `<field>` (a file, relative to `dir`).
Result<std::string> Material(const Json& object, const std::string& field, const std::string& dir,
                             const std::string& path) {
  if (std::string data = StringAt(object, (field + "-data").c_str()); !data.empty()) {
    std::string decoded;
    if (!Base64Decode(data, &decoded)) {
      return Status::Invalid("kubeconfig " + path + ": " + field + "-data is not base64");
    }
    return decoded;
  }
  std::string file = StringAt(object, field.c_str());
  if (file.empty()) return std::string();
  if (!file.starts_with("/")) file = dir + "/" + file;
  return pki::internal::ReadFile(file);
}

Status SplitUrl(AdminCredentials& c) {
  const std::string scheme = "https://";
  if (!c.server_url.starts_with(scheme)) {
    return Status::Invalid("kubeconfig " + c.kubeconfig + ": the server " + c.server_url +
                           " is not an https:// URL");
  }
  std::string authority = c.server_url.substr(scheme.size());
  authority = authority.substr(0, authority.find('/'));
  if (authority.starts_with("[")) {
    const size_t close = authority.find(']');
    if (close == std::string::npos) return Status::Invalid("bad server URL " + c.server_url);
    c.host = authority.substr(1, close - 1);
    c.port = close + 2 <= authority.size() && authority[close + 1] == ':' ? authority.substr(close + 2)
                                                                           : "443";
  } else {
    const size_t colon = authority.rfind(':');
    c.host = authority.substr(0, colon);
    c.port = colon == std::string::npos ? "443" : authority.substr(colon + 1);
  }
  if (c.host.empty() || c.port.empty()) return Status::Invalid("bad server URL " + c.server_url);
  return Status::Ok();
}

struct SslCtxDeleter {
  void operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
};
struct SslDeleter {
  void operator()(SSL* p) const { SSL_free(p); }
};
struct BioDeleter {
  void operator()(BIO* p) const { BIO_free(p); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

std::string OpenSslError() {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "unknown TLS error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof(buf));
  return buf;
}

BioPtr MemBio(const std::string& pem) {
  return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

Result<std::unique_ptr<SSL_CTX, SslCtxDeleter>> MakeContext(const AdminCredentials& c) {
  std::unique_ptr<SSL_CTX, SslCtxDeleter> ctx(SSL_CTX_new(TLS_client_method()));
  if (ctx == nullptr) return Status::Internal("cannot create a TLS context: " + OpenSslError());
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  // A peer that closes without close_notify ends the body like a clean close.
  SSL_CTX_set_options(ctx.get(), SSL_OP_IGNORE_UNEXPECTED_EOF);
  X509_STORE* store = SSL_CTX_get_cert_store(ctx.get());
  int cas = 0;
  BioPtr ca = MemBio(c.ca_pem);
  while (X509* cert = PEM_read_bio_X509(ca.get(), nullptr, nullptr, nullptr)) {
    X509_STORE_add_cert(store, cert);
    X509_free(cert);
    ++cas;
  }
  ERR_clear_error();
  if (cas == 0) {
    return Status::Invalid("kubeconfig " + c.kubeconfig + " has no certificate-authority for the server");
  }
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  if (!c.client_cert_pem.empty()) {
    BioPtr cert_bio = MemBio(c.client_cert_pem);
    X509* cert = PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr);
    BioPtr key_bio = MemBio(c.client_key_pem);
    EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr);
    const bool ok = cert != nullptr && key != nullptr && SSL_CTX_use_certificate(ctx.get(), cert) == 1 &&
                    SSL_CTX_use_PrivateKey(ctx.get(), key) == 1 &&
                    SSL_CTX_check_private_key(ctx.get()) == 1;
    X509_free(cert);
    EVP_PKEY_free(key);
    if (!ok) {
      return Status::Invalid("kubeconfig " + c.kubeconfig +
                             ": the client certificate or key is unusable: " + OpenSslError());
    }
  }
  return ctx;
}

// A connected TCP socket, or Unavailable naming the address.
Result<int> Connect(const AdminCredentials& c, std::chrono::seconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = getaddrinfo(c.host.c_str(), c.port.c_str(), &hints, &found); rc != 0) {
    return Status::Unavailable(std::string("cannot resolve ") + c.host + ": " + gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> list(found, freeaddrinfo);
  std::string error = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    const int flags = fcntl(fd, F_GETFL, 0);
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    int rc = connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      rc = poll(&p, 1, static_cast<int>(std::chrono::milliseconds(timeout).count()));
      if (rc == 1) {
        int err = 0;
        socklen_t len = sizeof(err);
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        errno = err;
        rc = err == 0 ? 0 : -1;
      } else {
        errno = rc == 0 ? ETIMEDOUT : errno;
        rc = -1;
      }
    }
    if (rc == 0) {
      fcntl(fd, F_SETFL, flags);
      timeval tv{static_cast<time_t>(timeout.count()), 0};
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
      setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
      return fd;
    }
    error = std::strerror(errno);
    close(fd);
  }
  return Status::Unavailable(error);
}

// A complete response in `raw`, if it has arrived: Content-Length or
// chunked bodies.
std::optional<AdminResponse> ParseResponse(const std::string& raw, bool eof) {
  const size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) return std::nullopt;
  AdminResponse r;
  if (!raw.starts_with("HTTP/1.") || raw.size() < 12) return AdminResponse{0, raw};
  std::from_chars(raw.data() + 9, raw.data() + 12, r.status);
  std::string head = raw.substr(0, head_end);
  for (char& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const std::string body = raw.substr(head_end + 4);
  if (head.find("\r\ntransfer-encoding: chunked") != std::string::npos) {
    size_t pos = 0;
    while (true) {
      const size_t line_end = body.find("\r\n", pos);
      if (line_end == std::string::npos) return std::nullopt;
      size_t size = 0;
      std::from_chars(body.data() + pos, body.data() + line_end, size, 16);
      if (size == 0) return r;
      if (body.size() < line_end + 2 + size + 2) return std::nullopt;
      r.body.append(body, line_end + 2, size);
      pos = line_end + 2 + size + 2;
    }
  }
  const size_t cl = head.find("\r\ncontent-length:");
  if (cl != std::string::npos) {
    size_t length = 0;
    size_t start = cl + 17;
    while (start < head.size() && head[start] == ' ') ++start;
    std::from_chars(head.data() + start, head.data() + head.size(), length);
    if (body.size() < length) return std::nullopt;
    r.body = body.substr(0, length);
    return r;
  }
  if (!eof) return std::nullopt;
  r.body = body;
  return r;
}

bool IsIp(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

Result<AdminCredentials> LoadAdminKubeconfig(const std::string& path) {
  K1S_ASSIGN_OR_RETURN(std::string text, pki::internal::ReadFile(path));
  auto doc = apiserver::YamlToJson(text);
  if (!doc.ok() || !doc->is_object()) return Status::Invalid("kubeconfig " + path + " is not YAML");
  std::string context_name = StringAt(*doc, "current-context");
  const Json* context = Named(*doc, "contexts", context_name);
  if (context == nullptr && context_name.empty() && doc->contains("contexts") &&
      (*doc)["contexts"].is_array() && (*doc)["contexts"].size() == 1) {
    context = &(*doc)["contexts"][0];
  }
  if (context == nullptr || !context->contains("context")) {
    return Status::Invalid("kubeconfig " + path + " has no current context");
  }
  const Json& ctx = (*context)["context"];
  const Json* cluster = Named(*doc, "clusters", StringAt(ctx, "cluster"));
  const Json* user = Named(*doc, "users", StringAt(ctx, "user"));
  if (cluster == nullptr || !cluster->contains("cluster") || user == nullptr) {
    return Status::Invalid("kubeconfig " + path + ": the current context's cluster or user is missing");
  }
  const std::string dir = std::filesystem::path(path).parent_path().string();
  AdminCredentials c;
  c.kubeconfig = path;
  const Json& cl = (*cluster)["cluster"];
  const Json& u = user->contains("user") ? (*user)["user"] : Json::object();
  c.server_url = StringAt(cl, "server");
  K1S_RETURN_IF_ERROR(SplitUrl(c));
  K1S_ASSIGN_OR_RETURN(c.ca_pem, Material(cl, "certificate-authority", dir, path));
  K1S_ASSIGN_OR_RETURN(c.client_cert_pem, Material(u, "client-certificate", dir, path));
  K1S_ASSIGN_OR_RETURN(c.client_key_pem, Material(u, "client-key", dir, path));
  c.token = StringAt(u, "token");
  if (c.client_cert_pem.empty() == !c.client_key_pem.empty() ||
      (c.client_cert_pem.empty() && c.token.empty())) {
    return Status::Invalid("kubeconfig " + path + ": the user needs a client certificate and key, or a token");
  }
  return c;
}

Result<AdminResponse> AdminRequest(const AdminCredentials& c, const std::string& method,
                                   const std::string& path, std::chrono::seconds timeout) {
  K1S_ASSIGN_OR_RETURN(auto ctx, MakeContext(c));
  auto fd = Connect(c, timeout);
  if (!fd.ok()) {
    return Status::Unavailable("cannot reach the k1s server at " + c.server_url + " (from " +
                               c.kubeconfig + "): " + fd.status().message() +
                               "; is `k1s server` running?");
  }
  std::unique_ptr<SSL, SslDeleter> ssl(SSL_new(ctx.get()));
  struct Closer {
    int fd;
    ~Closer() { close(fd); }
  } closer{*fd};
  if (ssl == nullptr || SSL_set_fd(ssl.get(), *fd) != 1) {
    return Status::Internal("cannot set up TLS: " + OpenSslError());
  }
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl.get());
  if (IsIp(c.host)) {
    X509_VERIFY_PARAM_set1_ip_asc(param, c.host.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl.get(), c.host.c_str());
    X509_VERIFY_PARAM_set1_host(param, c.host.c_str(), 0);
  }
  if (SSL_connect(ssl.get()) != 1) {
    const long verify = SSL_get_verify_result(ssl.get());
    const std::string why = verify != X509_V_OK ? X509_verify_cert_error_string(verify) : OpenSslError();
    return Status::Unavailable("TLS handshake with " + c.server_url + " failed: " + why);
  }
  std::string request = method + " " + path + " HTTP/1.1\r\nHost: " + c.host + ":" + c.port +
                        "\r\nUser-Agent: k1s-admin\r\nAccept: application/json\r\n"
                        "Content-Length: 0\r\nConnection: close\r\n";
  if (!c.token.empty() && c.client_cert_pem.empty()) request += "Authorization: Bearer " + c.token + "\r\n";
  request += "\r\n";
  if (SSL_write(ssl.get(), request.data(), static_cast<int>(request.size())) <= 0) {
    return Status::Unavailable("sending to " + c.server_url + " failed: " + OpenSslError());
  }
  constexpr size_t kMaxResponse = 16 << 20;
  std::string raw;
  char buf[16384];
  while (true) {
    const int n = SSL_read(ssl.get(), buf, sizeof(buf));
    if (n > 0) {
      raw.append(buf, static_cast<size_t>(n));
      if (raw.size() > kMaxResponse) return Status::Unavailable("the response is too large");
      if (auto r = ParseResponse(raw, false)) return *r;
      continue;
    }
    const int err = SSL_get_error(ssl.get(), n);
    if (err == SSL_ERROR_ZERO_RETURN || (err == SSL_ERROR_SYSCALL && errno == 0)) {
      if (auto r = ParseResponse(raw, true)) return *r;
      return Status::Unavailable("the server at " + c.server_url + " closed the connection mid-answer");
    }
    if (err == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return Status::Unavailable("no answer from " + c.server_url + " within " +
                                 std::to_string(timeout.count()) + "s");
    }
    return Status::Unavailable("reading from " + c.server_url + " failed: " + OpenSslError());
  }
}

}  // namespace k1s::server
