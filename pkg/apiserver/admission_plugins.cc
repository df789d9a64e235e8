#include "pkg/apiserver/admission.h"

namespace k1s::apiserver {

std::vector<std::unique_ptr<AdmissionPlugin>> DefaultAdmissionPlugins() {
  // kube-apiserver's order: mutating plugins first (each sees what the ones
  // before it made of the object), validating ones after, ResourceQuota last
  // so that nothing refused later has been charged.
  std::vector<std::unique_ptr<AdmissionPlugin>> plugins;
  plugins.push_back(NewServiceAccountAdmission());
  return plugins;
}

}  // namespace k1s::apiserver
