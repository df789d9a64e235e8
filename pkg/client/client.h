// Client: the one way the scheduler, the controllers and the node agents
// reach the API (DESIGN: "One client interface"). In `k1s server` requests go
// straight to the API server's handler with the component's identity (same
// authentication, admission and validation as kubectl's requests, no HTTP);
// in `k1s agent` the same calls go over HTTPS.
//
// Objects are JSON, as on the wire. Failures are the API's own: a Status with
// the code and message the server answered (NotFound, Conflict, Invalid, ...).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pkg/client/resource_id.h"
#include "pkg/util/result.h"

namespace k1s::client {

using Json = nlohmann::json;

struct ListOptions {
  std::string label_selector;
  std::string field_selector;
  int64_t limit = 0;  // 0: everything in one answer
  std::string continue_token;
  std::string resource_version;  // "" = most recent; "0" = any
};

struct WatchOptions {
  std::string label_selector;
  std::string field_selector;
  std::string resource_version;  // watch events after this revision
  bool allow_bookmarks = true;
  int timeout_seconds = 0;  // 0: the server's default
  // Client side only: each event's object arrives without
  // metadata.managedFields, cut from the text before it is parsed (they
  // are about half of a pod's parse), for a caller that would drop them.
  bool drop_managed_fields = false;
  // Client side only: each event also carries its object's text as it came
  // (WatchEvent::object_text), for a cache that keeps text, not the DOM.
  bool keep_object_text = false;
};

struct DeleteOptions {
  std::optional<int64_t> grace_period_seconds;
  std::string propagation_policy;  // "", "Orphan", "Background", "Foreground"
  std::string precondition_uid;
  std::string precondition_resource_version;
};

enum class PatchType { kJsonPatch, kMergePatch, kStrategicMergePatch, kApplyPatch };

struct WatchEvent {
  enum class Type { kAdded, kModified, kDeleted, kBookmark, kError };
  Type type = Type::kAdded;
  Json object;  // for kError: the metav1.Status
  // With WatchOptions::keep_object_text, `object` as JSON text (less what
  // drop_managed_fields cut); empty where the stream could not cut it out.
  std::string object_text;
};

// One open watch. Not thread-safe except Stop, which any thread may call.
class WatchStream {
 public:
  virtual ~WatchStream() = default;
  // The next event, waiting at most `timeout`. nullopt when the timeout passed
  // with no event (check ended() to tell that from the end of the stream).
  virtual std::optional<WatchEvent> Next(std::chrono::milliseconds timeout) = 0;
  // True once the server ended the stream or Stop was called.
  virtual bool ended() const = 0;
  // Ends the stream; a Next waiting in another thread returns promptly.
  virtual void Stop() = 0;
};

class Client {
 public:
  virtual ~Client() = default;

  // `ns` is "" for cluster-scoped resources and for lists across namespaces.
  // `subresource` is e.g. "status", "scale", "binding", "eviction".
  virtual Result<Json> Get(const ResourceId& r, std::string_view ns, std::string_view name,
                           std::string_view subresource = "") = 0;
  // The List object: items plus metadata.resourceVersion and continue.
  virtual Result<Json> List(const ResourceId& r, std::string_view ns,
                            const ListOptions& options = {}) = 0;
  virtual Result<std::unique_ptr<WatchStream>> Watch(const ResourceId& r, std::string_view ns,
                                                     const WatchOptions& options) = 0;
  // Create in `ns` (the object's namespace is ignored). With a subresource
  // ("binding", "eviction", "token") `name` addresses the parent object.
  virtual Result<Json> Create(const ResourceId& r, std::string_view ns, const Json& object,
                              std::string_view name = "", std::string_view subresource = "") = 0;
  // Replaces the object named in object.metadata.name; a resourceVersion in
  // it makes the update conditional (Conflict if it moved).
  virtual Result<Json> Update(const ResourceId& r, std::string_view ns, const Json& object,
                              std::string_view subresource = "") = 0;
  virtual Result<Json> Patch(const ResourceId& r, std::string_view ns, std::string_view name,
                             PatchType type, const Json& patch,
                             std::string_view subresource = "") = 0;
  // OK if deleted or marked for deletion; the answer (object or Status) is dropped.
  virtual Status Delete(const ResourceId& r, std::string_view ns, std::string_view name,
                        const DeleteOptions& options = {}) = 0;
};

}  // namespace k1s::client
