// One sync of one CronJob (see cronjob_controller.h).
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "pkg/client/client.h"
#include "pkg/client/event_recorder.h"
#include "pkg/util/clock.h"

namespace k1s::controller::cronjob {

using Json = nlohmann::json;

// `jobs`: the Jobs the CronJob controls. `requeue_after`: when the next
// scheduled time comes.
Status SyncCronJob(client::Client& client, client::EventRecorder& recorder, const Clock& clock,
                   Json cronjob, std::vector<Json> jobs, std::optional<std::chrono::seconds>* requeue_after);

}  // namespace k1s::controller::cronjob
