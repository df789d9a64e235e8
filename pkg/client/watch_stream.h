// The WatchStream over a streaming reply: newline-separated watch events
// ({"type":"ADDED","object":{...}}) read as they arrive.
#pragma once

#include <memory>

#include "pkg/client/client.h"
#include "pkg/http/message.h"

namespace k1s::client {

// Precondition: reply.stream is set (a 200 answer to a watch request).
std::unique_ptr<WatchStream> MakeWatchStream(http::Reply reply);

}  // namespace k1s::client
