#include "pkg/apiserver/admission.h"

namespace k1s::apiserver {

Admission::Admission(std::vector<std::unique_ptr<AdmissionPlugin>> plugins) : plugins_(std::move(plugins)) {}
Admission::~Admission() = default;

bool Admission::Handles(const api::Resource& resource, std::string_view subresource,
                        AdmissionOperation operation) const {
  for (const auto& plugin : plugins_) {
    if (plugin->Handles(resource, subresource, operation)) return true;
  }
  return false;
}

Status Admission::Run(AdmissionRequest& request) const {
  for (const auto& plugin : plugins_) {
    if (!plugin->Handles(request.ctx.resource, request.ctx.info.subresource, request.operation)) continue;
    K1S_RETURN_IF_ERROR(plugin->Admit(request));
  }
  return Status::Ok();
}

Status Admission::AdmitCreate(RestContext& ctx, Json& object, std::vector<std::string>* warnings) const {
  AdmissionRequest request{ctx, AdmissionOperation::kCreate, nullptr, &object, DryRun(ctx.request), warnings};
  return Run(request);
}

Status Admission::AdmitUpdate(RestContext& ctx, const Json& old_object, Json& object,
                              std::vector<std::string>* warnings) const {
  AdmissionRequest request{ctx, AdmissionOperation::kUpdate, &old_object, &object, DryRun(ctx.request), warnings};
  return Run(request);
}

Status Admission::AdmitDelete(RestContext& ctx, const Json& object) const {
  AdmissionRequest request{ctx, AdmissionOperation::kDelete, &object, nullptr, DryRun(ctx.request)};
  return Run(request);
}

}  // namespace k1s::apiserver
