// CertificateSigningRequest approval and the kubernetes.io/kube-apiserver-client
// signer: `kubectl certificate approve|deny` PUTs the CSR to its /approval
// subresource, which changes only status.conditions. An approved CSR for
// that signer is signed at once with the cluster's client CA (what
// kube-controller-manager's csrsigning controller does), honouring
// spec.expirationSeconds, so that the certificate in status.certificate
// authenticates as the CSR's CN (user) and O (groups).
#pragma once

#include <string>

#include "pkg/apiserver/rest.h"

namespace k1s::apiserver {

struct CsrSigningFiles {
  std::string ca_cert;  // PEM files of the client CA
  std::string ca_key;
};

// PUT certificatesigningrequests/<name>/approval. `signing` null: approved
// CSRs stay unsigned.
Result<http::Reply> RestCsrApproval(RestContext& ctx, const CsrSigningFiles* signing);

}  // namespace k1s::apiserver
