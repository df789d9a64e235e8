#include "pkg/simnode/simulated_nodes.h"

namespace k1s::simnode {

namespace {
// Placeholder until simulated nodes land.
class NoNodes final : public SimulatedNodes {
 public:
  void Stop() override {}
};
}  // namespace

Result<std::unique_ptr<SimulatedNodes>> SimulatedNodes::Start(const SimulatedNodesOptions& options,
                                                              client::Client&, client::InformerFactory&,
                                                              const Clock&, Logger) {
  if (options.count > 0) return Status::Invalid("--simulated-nodes is not available in this build yet");
  return std::unique_ptr<SimulatedNodes>(std::make_unique<NoNodes>());
}

}  // namespace k1s::simnode
