// The namespace controller: empties a namespace that is being deleted (one
// with deletionTimestamp and the "kubernetes" finalizer in spec.finalizers),
// by deleting every namespaced object of every kind the API serves (custom
// resources included), reporting progress in the namespace's status
// conditions as kube-controller-manager words them, and finally removing its
// finalizer through /finalize so that the API server removes the namespace.
#pragma once

#include <memory>
#include <string>

#include "pkg/controller/common/housekeeping_base.h"

namespace k1s::controller {

inline constexpr const char* kNamespaceFinalizer = "kubernetes";

class NamespaceController final : public HousekeepingController {
 public:
  explicit NamespaceController(ControllerContext& ctx);
  ~NamespaceController() override { Stop(); }
  Status Sync(const std::string& key) override;

 private:
  // Writes phase and conditions when they differ from what `ns` has.
  Status UpdateStatus(const client::Json& ns, const client::Json& conditions);
  Status Finalize(const client::Json& ns);

  client::Informer* namespaces_ = nullptr;
};

Result<std::unique_ptr<Controller>> StartNamespaceController(ControllerContext& ctx);

}  // namespace k1s::controller
