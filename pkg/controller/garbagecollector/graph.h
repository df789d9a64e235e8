// The garbage collector's view of ownership: every object of every watched
// kind by uid, with its ownerReferences, and the reverse edges (owner uid ->
// dependents) also for owners that are not (or no longer) known. Kept up to
// date by the informers' handlers; thread-safe.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

namespace k1s::controller::gc {

struct OwnerRef {
  std::string uid;
  std::string api_version;
  std::string kind;
  std::string name;
  bool block_owner_deletion = false;
  bool operator==(const OwnerRef&) const = default;
};

struct GraphNode {
  int resource = -1;  // index into the collector's list of watched resources
  std::string ns;
  std::string name;
  std::string uid;
  std::vector<OwnerRef> owners;
  bool deleting = false;    // deletionTimestamp is set
  bool foreground = false;  // the foregroundDeletion finalizer is present
  bool orphan = false;      // the orphan finalizer is present
};

// What a change means for the work queue: uids to look at.
using Uids = std::vector<std::string>;

class Graph {
 public:
  // An object was added or changed. Returns the uids to process: the object
  // itself when its owners changed, one of them is unknown or it waits on
  // a deletion finalizer; owners in foreground deletion that it blocks.
  Uids Upsert(int resource, const nlohmann::json& object);
  // An object is gone: its dependents (their owner vanished) and its owners
  // in foreground deletion (one less dependent to wait for).
  Uids Remove(const nlohmann::json& object);

  std::optional<GraphNode> Get(const std::string& uid) const;
  bool Contains(const std::string& uid) const;
  // Dependents of `owner_uid` that are in the graph.
  std::vector<GraphNode> Dependents(const std::string& owner_uid) const;
  bool HasDependents(const std::string& uid) const;
  size_t size() const;

 private:
  void UnlinkLocked(const GraphNode& node);
  Uids ForegroundOwnersLocked(const GraphNode& node) const;

  mutable std::mutex mu_;
  std::unordered_map<std::string, GraphNode> nodes_;                                // guarded by mu_
  std::unordered_map<std::string, std::unordered_set<std::string>> dependents_;    // guarded by mu_
};

GraphNode NodeFromObject(int resource, const nlohmann::json& object);

}  // namespace k1s::controller::gc
