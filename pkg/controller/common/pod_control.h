// Creating and deleting the pods a controller owns, with the events
// kube-controller-manager records (SuccessfulCreate, FailedCreate,
// SuccessfulDelete, FailedDelete) on the owner.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "pkg/client/client.h"
#include "pkg/client/event_recorder.h"
#include "pkg/util/result.h"

namespace k1s::controller::common {

using Json = nlohmann::json;

// A pod built from `template_spec` (a PodTemplateSpec): its labels,
// annotations and spec, generateName "<prefix>-" unless `name` is set, and a
// controller reference to `owner`. The caller may edit it before creating.
Json PodFromTemplate(const Json& template_spec, const Json& owner, const std::string& owner_api_version,
                     const std::string& owner_kind, const std::string& generate_prefix);

class PodControl {
 public:
  PodControl(client::Client& client, client::EventRecorder& recorder)
      : client_(client), recorder_(recorder) {}

  // Creates `pod` in `ns`; records the event on `owner` (which needs kind and
  // apiVersion set).
  Result<Json> Create(const std::string& ns, const Json& pod, const Json& owner);
  // Deletes the pod; NotFound counts as success (it is gone either way).
  Status Delete(const std::string& ns, const std::string& name, const Json& owner);

 private:
  client::Client& client_;
  client::EventRecorder& recorder_;
};

// `object` with kind and apiVersion set (informer caches keep them, but be sure).
Json WithKind(Json object, const std::string& api_version, const std::string& kind);

}  // namespace k1s::controller::common
