// What the streaming protocols share about the upgrade request itself:
// recognising a SPDY upgrade, agreeing on a subprotocol, the 101 head.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pkg/http/message.h"
#include "pkg/util/status.h"

namespace k1s::streaming {

// The header in which SPDY clients list the protocol versions they speak.
inline constexpr const char* kStreamProtocolHeader = "X-Stream-Protocol-Version";

// Whether `request` asks to switch to SPDY/3.1 (Upgrade: SPDY/3.1).
bool IsSpdyUpgrade(const http::Request& request);

// The client's first offer (in its order, as Kubernetes negotiates) that is
// among `supported`. Offers come in repeated headers or comma-separated
// values. "" if none.
std::string NegotiateProtocol(const http::Request& request, std::string_view header,
                              const std::vector<std::string>& supported);

// 403, worded as Kubernetes words it, when no offer is supported.
Status NoCommonProtocol(const http::Request& request, std::string_view header,
                        const std::vector<std::string>& supported);

// The 101 head switching to SPDY/3.1 with `protocol`.
http::Response SpdyUpgradeResponse(const std::string& protocol);

}  // namespace k1s::streaming
