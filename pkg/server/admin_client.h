// How k1s's admin commands (`k1s secrets-encrypt`) reach the running server:
// the admin kubeconfig the server wrote names the API server's URL, the CA
// that signs its serving certificate and the system:admin client
// certificate. One HTTPS request per call, verified both ways (OpenSSL).
#pragma once

#include <chrono>
#include <string>

#include "pkg/util/result.h"

namespace k1s::server {

struct AdminCredentials {
  std::string kubeconfig;  // where these came from, for messages
  std::string server_url;  // https://host:port
  std::string host;        // without brackets for IPv6
  std::string port;
  std::string ca_pem;
  std::string client_cert_pem;  // with client_key_pem, or a token
  std::string client_key_pem;
  std::string token;
};

// The current context's cluster and user from a kubeconfig (inline *-data
// fields or files, relative to the kubeconfig's directory). NotFound if the
// file does not exist; Invalid, naming it, if it lacks what is needed.
Result<AdminCredentials> LoadAdminKubeconfig(const std::string& path);

struct AdminResponse {
  int status = 0;
  std::string body;
};

// `method` `path` with no body. Unavailable, in one line, if the server
// cannot be reached or its certificate does not verify; any HTTP status is a
// response.
Result<AdminResponse> AdminRequest(const AdminCredentials& credentials, const std::string& method,
                                   const std::string& path, std::chrono::seconds timeout);

}  // namespace k1s::server
