// Port-forward for simulated pods: the pod annotation
// k1s.io/simulate-port-forward ("80=127.0.0.1:8080,9000=[::1]:9001") says
// which host address stands in for each pod port.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include <nlohmann/json.hpp>

#include "pkg/streaming/pod_streams.h"
#include "pkg/util/result.h"

namespace k1s::simnode {

// Connects to the host address mapped to `port` of `pod`. BadRequest when
// the annotation maps no such port (or maps it to something unreadable);
// Unavailable, worded as the kubelet's "error forwarding port ..." with the
// dial error, when the address cannot be reached within `timeout`.
Result<std::unique_ptr<streaming::PodConnection>> ForwardPodPort(const nlohmann::json& pod, uint16_t port,
                                                                 std::chrono::milliseconds timeout);

}  // namespace k1s::simnode
