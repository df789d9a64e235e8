// The WatchStream over a streaming reply: newline-separated watch events
// ({"type":"ADDED","object":{...}}) read as they arrive.
#pragma once

#include <memory>

#include "pkg/client/client.h"
#include "pkg/http/message.h"

namespace k1s::client {

// Precondition: reply.stream is set (a 200 answer to a watch request).
// `drop_managed_fields`: WatchOptions' field of that name.
// `keep_object_text`: WatchOptions' field of that name.
std::unique_ptr<WatchStream> MakeWatchStream(http::Reply reply, bool drop_managed_fields = false,
                                             bool keep_object_text = false);

}  // namespace k1s::client
