// DefaultTolerationSeconds: a pod that does not tolerate the not-ready and
// unreachable NoExecute taints gets tolerations for them, 300 s each, so the
// node lifecycle controller evicts it five minutes after its node is lost.
#include "pkg/apiserver/admission.h"

namespace k1s::apiserver {

namespace {

constexpr int64_t kTolerationSeconds = 300;

// Whether `toleration` covers the NoExecute taint `key` (an empty key or
// effect matches any).
bool Covers(const Json& toleration, const std::string& key) {
  if (!toleration.is_object()) return false;
  const std::string k = toleration.value("key", "");
  const std::string effect = toleration.value("effect", "");
  return (k == key || k.empty()) && (effect == "NoExecute" || effect.empty());
}

class DefaultTolerationSecondsAdmission final : public AdmissionPlugin {
 public:
  std::string_view name() const override { return "DefaultTolerationSeconds"; }
  bool Handles(const api::Resource& resource, std::string_view subresource,
               AdmissionOperation operation) const override {
    return operation != AdmissionOperation::kDelete && resource.group.empty() &&
           resource.plural == "pods" && subresource.empty();
  }
  Status Admit(AdmissionRequest& request) const override {
    Json& pod = *request.object;
    if (!pod.contains("spec") || !pod["spec"].is_object()) return Status::Ok();
    Json& spec = pod["spec"];
    if (!spec.contains("tolerations") || !spec["tolerations"].is_array()) {
      if (spec.contains("tolerations") && !spec["tolerations"].is_null()) return Status::Ok();
      spec["tolerations"] = Json::array();
    }
    Json& tolerations = spec["tolerations"];
    for (const char* key : {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}) {
      bool covered = false;
      for (const Json& t : tolerations) covered = covered || Covers(t, key);
      if (!covered) {
        tolerations.push_back({{"key", key},
                               {"operator", "Exists"},
                               {"effect", "NoExecute"},
                               {"tolerationSeconds", kTolerationSeconds}});
      }
    }
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<AdmissionPlugin> NewDefaultTolerationSecondsAdmission() {
  return std::make_unique<DefaultTolerationSecondsAdmission>();
}

}  // namespace k1s::apiserver
