// Admission: what kube-apiserver's mutating and validating admission plugins
// do to an object after it is decoded and completed and before it is stored.
// Runs only on servers that enable it (unit-test servers store what they are
// given).
//
// Plugins here today:
//  - ServiceAccount: a pod gets serviceAccountName "default" and, unless
//    automounting is off, the projected kube-api-access-<random> volume
//    (token, ca.crt from the kube-root-ca.crt ConfigMap, namespace) mounted
//    read-only at /var/run/secrets/kubernetes.io/serviceaccount in every
//    container; a pod naming a missing service account is refused.
#pragma once

#include "pkg/apiserver/object_storage.h"
#include "pkg/apiserver/rest.h"

namespace k1s::apiserver {

class Admission {
 public:
  // Changes or refuses `object`, a new object of ctx.resource (Forbidden,
  // worded as Kubernetes words it, e.g. `pods "web" is forbidden: ...`).
  Status AdmitCreate(RestContext& ctx, Json& object) const;
};

}  // namespace k1s::apiserver
