// One sync of one StatefulSet (see statefulset_controller.h).
#pragma once

#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "pkg/client/client.h"
#include "pkg/client/event_recorder.h"
#include "pkg/util/clock.h"

namespace k1s::controller::statefulset {

using Json = nlohmann::json;

struct StatefulSetState {
  Json set;                  // with kind and apiVersion
  std::vector<Json> pods;    // the pods it controls
  std::vector<std::shared_ptr<const Json>> revisions;  // ControllerRevisions of its namespace
  std::vector<std::shared_ptr<const Json>> claims;     // PVCs of its namespace
};

Status SyncStatefulSet(client::Client& client, client::EventRecorder& recorder, const Clock& clock,
                       StatefulSetState state);

}  // namespace k1s::controller::statefulset
