// Admission: what kube-apiserver's mutating and validating admission plugins
// do to a write after it is decoded and completed and before it is stored.
// Runs only on servers that enable it (unit-test servers store what they are
// given).
//
// Each plugin lives in its own admission_<name>.cc and is listed, in
// kube-apiserver's order, by DefaultAdmissionPlugins (admission_plugins.cc).
// A plugin says which writes it looks at (Handles), so an update that no
// plugin cares about costs nothing extra.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/apiserver/object_storage.h"
#include "pkg/apiserver/rest.h"

namespace k1s::apiserver {

enum class AdmissionOperation { kCreate, kUpdate, kDelete };

struct AdmissionRequest {
  RestContext& ctx;  // resource, subresource (ctx.info), user, store
  AdmissionOperation operation;
  // The stored object: on update (before the change) and on delete; null on
  // create.
  const Json* old_object = nullptr;
  // The object about to be stored, which mutating plugins may change: on
  // create and update; null on delete.
  Json* object = nullptr;
  bool dry_run = false;
  // Where a plugin adds the warnings the reply carries as `Warning: 299`
  // headers (PodSecurity's "would violate ..."); null: nobody listens.
  std::vector<std::string>* warnings = nullptr;
};

class AdmissionPlugin {
 public:
  virtual ~AdmissionPlugin() = default;
  virtual std::string_view name() const = 0;
  // Whether Admit needs to see this kind of write at all.
  virtual bool Handles(const api::Resource& resource, std::string_view subresource,
                       AdmissionOperation operation) const = 0;
  // Changes *request.object or refuses the write, with the Status
  // kube-apiserver answers (usually Forbidden, worded as Kubernetes words
  // it: `pods "web" is forbidden: ...`).
  virtual Status Admit(AdmissionRequest& request) const = 0;
};

class Admission {
 public:
  explicit Admission(std::vector<std::unique_ptr<AdmissionPlugin>> plugins);
  ~Admission();

  bool Handles(const api::Resource& resource, std::string_view subresource,
               AdmissionOperation operation) const;
  // `warnings`, when given, receives what the plugins warn about.
  Status AdmitCreate(RestContext& ctx, Json& object, std::vector<std::string>* warnings = nullptr) const;
  Status AdmitUpdate(RestContext& ctx, const Json& old_object, Json& object,
                     std::vector<std::string>* warnings = nullptr) const;
  Status AdmitDelete(RestContext& ctx, const Json& object) const;

 private:
  Status Run(AdmissionRequest& request) const;

  std::vector<std::unique_ptr<AdmissionPlugin>> plugins_;
};

// The plugins a k1s server runs, in kube-apiserver's order.
std::vector<std::unique_ptr<AdmissionPlugin>> DefaultAdmissionPlugins();

// One factory per plugin (admission_<name>.cc).
std::unique_ptr<AdmissionPlugin> NewServiceAccountAdmission();
std::unique_ptr<AdmissionPlugin> NewResourceQuotaAdmission();
std::unique_ptr<AdmissionPlugin> NewLimitRangerAdmission();
std::unique_ptr<AdmissionPlugin> NewPriorityAdmission();
std::unique_ptr<AdmissionPlugin> NewDefaultTolerationSecondsAdmission();
std::unique_ptr<AdmissionPlugin> NewPodSecurityAdmission();
std::unique_ptr<AdmissionPlugin> NewNodeRestrictionAdmission();

}  // namespace k1s::apiserver
