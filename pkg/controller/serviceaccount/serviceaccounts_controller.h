// Two per-namespace controllers of kube-controller-manager:
//  - serviceaccount: a ServiceAccount named "default" in every namespace
//    that is not being deleted, put back if someone deletes it;
//  - root-ca-cert-publisher: the ConfigMap "kube-root-ca.crt" with the
//    cluster CA (ca.crt) in every namespace, put back if changed or deleted.
#pragma once

#include <memory>
#include <string>

#include "pkg/controller/common/housekeeping_base.h"

namespace k1s::controller {

inline constexpr const char* kRootCaConfigMap = "kube-root-ca.crt";

class ServiceAccountsController final : public HousekeepingController {
 public:
  explicit ServiceAccountsController(ControllerContext& ctx);
  ~ServiceAccountsController() override { Stop(); }
  Status Sync(const std::string& ns) override;

 private:
  client::Informer* namespaces_ = nullptr;
  client::Informer* accounts_ = nullptr;
};

class RootCaPublisher final : public HousekeepingController {
 public:
  explicit RootCaPublisher(ControllerContext& ctx);
  ~RootCaPublisher() override { Stop(); }
  Status Sync(const std::string& ns) override;

 private:
  const std::string ca_pem_;
  client::Informer* namespaces_ = nullptr;
  client::Informer* config_maps_ = nullptr;
};

Result<std::unique_ptr<Controller>> StartServiceAccountsController(ControllerContext& ctx);
Result<std::unique_ptr<Controller>> StartRootCaPublisher(ControllerContext& ctx);

}  // namespace k1s::controller
