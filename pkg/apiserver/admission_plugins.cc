#include "pkg/apiserver/admission.h"

namespace k1s::apiserver {

std::vector<std::unique_ptr<AdmissionPlugin>> DefaultAdmissionPlugins() {
  // kube-apiserver's order: mutating plugins first (each sees what the ones
  // before it made of the object), validating ones after, ResourceQuota last
  // so that nothing refused later has been charged.
  std::vector<std::unique_ptr<AdmissionPlugin>> plugins;
  plugins.push_back(NewLimitRangerAdmission());
  plugins.push_back(NewServiceAccountAdmission());
  plugins.push_back(NewNodeRestrictionAdmission());
  plugins.push_back(NewPriorityAdmission());
  plugins.push_back(NewDefaultTolerationSecondsAdmission());
  plugins.push_back(NewPodSecurityAdmission());
  plugins.push_back(NewResourceQuotaAdmission());
  return plugins;
}

}  // namespace k1s::apiserver
