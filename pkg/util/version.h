// Build identity, reported by `k1s version` and, later, the API's /version.
#pragma once

#include <string_view>

namespace k1s {

// This release of k1s, e.g. "v0.1.0".
std::string_view K1sVersion();
// The git commit the binary was built from, or "unknown".
std::string_view GitCommit();
// The Kubernetes version k1s serves, in kube-apiserver's gitVersion form, so
// kubectl's version-skew warning stays quiet: "v1.33.0-k1s1".
std::string_view KubernetesVersion();

}  // namespace k1s
