// SimulatedNodes: KWOK-style nodes inside the server process. Each registers
// a Node, renews its Lease and reports the status of the pods bound to it as
// a kubelet would, through the same Client paths, without running anything.
#pragma once

#include <memory>
#include <string>

#include "pkg/cli/ipnet.h"
#include "pkg/client/client.h"
#include "pkg/client/informer.h"
#include "pkg/util/clock.h"
#include "pkg/util/log.h"
#include "pkg/util/result.h"

namespace k1s::simnode {

struct SimulatedNodesOptions {
  int count = 0;
  // YAML describing node kinds (capacity, labels, taints, how many of each);
  // "" gives `count` identical nodes.
  std::string profile_file;
  cli::Cidr cluster_cidr;
};

class SimulatedNodes {
 public:
  // Invalid if the profile cannot be read or is wrong (one line naming it).
  static Result<std::unique_ptr<SimulatedNodes>> Start(const SimulatedNodesOptions& options,
                                                       client::Client& client,
                                                       client::InformerFactory& informers,
                                                       const Clock& clock, Logger log);
  virtual ~SimulatedNodes() = default;
  virtual void Stop() = 0;
};

}  // namespace k1s::simnode
