// The cluster's certificates: generated on first start, reused afterwards.
//
// Layout under <data-dir>/server/tls (as k3s lays it out):
//   server-ca.crt/.key             signs serving certificates
//   client-ca.crt/.key             signs client certificates (users, nodes)
//   serving-kube-apiserver.crt/.key  the API server's certificate
//   client-admin.crt/.key          CN=system:admin, O=system:masters
// Private keys are written with mode 0600.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "pkg/util/result.h"

namespace k1s::pki {

struct ServerPkiOptions {
  std::string dir;                               // <data-dir>/server/tls
  std::vector<std::string> dns_names;            // extra SANs besides the defaults
  std::vector<std::string> ip_addresses;         // extra IP SANs besides the defaults, e.g.
                                                 // the `kubernetes` Service's ClusterIP
  std::string cluster_domain = "cluster.local";  // adds kubernetes.default.svc.<domain>
};

struct ServerPki {
  std::string server_ca_cert;  // paths
  std::string server_ca_key;
  std::string client_ca_cert;
  std::string client_ca_key;
  std::string serving_cert;
  std::string serving_key;
  std::string admin_cert;
  std::string admin_key;
};

// Loads the PKI in `options.dir`, generating what is missing (ECDSA P-256,
// CAs valid 10 years, leaves 1 year, not-before backdated 1 minute). The
// serving certificate always carries DNS localhost, kubernetes,
// kubernetes.default, kubernetes.default.svc,
// kubernetes.default.svc.<cluster_domain> and IP 127.0.0.1, ::1, plus the given
// SANs. The serving and admin certificates are re-issued (same CA, same key)
// when SANs asked for are missing, when they are not signed by the current CA,
// or when they expire within 90 days. CAs are never replaced once made: a CA
// certificate without its key is an error. The directory is made 0700; keys
// are 0600, certificates 0644. Invalid IP SANs give Invalid; unreadable or
// corrupt files give IOError/Internal naming the file.
Result<ServerPki> EnsureServerPki(const ServerPkiOptions& options);

// Issues a client certificate signed by the client CA (read from
// pki.client_ca_cert/.client_ca_key): CN = user, O = groups, clientAuth.
struct IssuedCert {
  std::string cert_pem;
  std::string key_pem;
};
Result<IssuedCert> IssueClientCert(const ServerPki& pki, const std::string& common_name,
                                   const std::vector<std::string>& organizations,
                                   std::chrono::hours validity);

struct KubeconfigOptions {
  std::string server_url;  // e.g. https://127.0.0.1:6443
  std::string ca_cert_pem;
  std::string client_cert_pem;
  std::string client_key_pem;
  std::string name = "default";  // cluster, user and context name
};
// The kubeconfig YAML text: one cluster, user and context named `name`, the
// current context, PEMs embedded as *-data base64 fields.
std::string RenderKubeconfig(const KubeconfigOptions& options);
// Writes `content` to `path` atomically (temp file in the same directory,
// fsync, rename, fsync of the directory) with permission bits `mode`,
// creating missing parent directories. Readers see the old or the new file,
// never a part. IOError naming `path` on failure.
Status WriteFileAtomic(const std::string& path, const std::string& content, unsigned mode);

}  // namespace k1s::pki
