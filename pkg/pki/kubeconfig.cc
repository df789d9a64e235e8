#include <openssl/evp.h>

#include <cstdio>

#include "pkg/pki/pki.h"
#include "pkg/util/quote.h"

namespace k1s::pki {
namespace {

std::string Base64(const std::string& data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()),
                          static_cast<int>(data.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}


}  // namespace

std::string RenderKubeconfig(const KubeconfigOptions& options) {
  const std::string name = DoubleQuote(options.name);
  std::string y;
  y += "apiVersion: v1\n";
  y += "kind: Config\n";
  y += "clusters:\n";
  y += "- cluster:\n";
  y += "    certificate-authority-data: " + Base64(options.ca_cert_pem) + "\n";
  y += "    server: " + DoubleQuote(options.server_url) + "\n";
  y += "  name: " + name + "\n";
  y += "contexts:\n";
  y += "- context:\n";
  y += "    cluster: " + name + "\n";
  y += "    user: " + name + "\n";
  y += "  name: " + name + "\n";
  y += "current-context: " + name + "\n";
  y += "preferences: {}\n";
  y += "users:\n";
  y += "- name: " + name + "\n";
  y += "  user:\n";
  y += "    client-certificate-data: " + Base64(options.client_cert_pem) + "\n";
  y += "    client-key-data: " + Base64(options.client_key_pem) + "\n";
  return y;
}

}  // namespace k1s::pki
