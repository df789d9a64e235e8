#include "pkg/util/version.h"

// K1S_VERSION and K1S_GIT_COMMIT come from pkg/util/CMakeLists.txt.
namespace k1s {

std::string_view K1sVersion() { return K1S_VERSION; }
std::string_view GitCommit() { return K1S_GIT_COMMIT; }
std::string_view KubernetesVersion() { return "v1.33.0-k1s1"; }

}  // namespace k1s
