// What every controller is given and what it gives back: the shared pieces
// (client, informers, clock, options) and a handle to stop it. Controllers
// are listed in one table (controllers.cc) and started by ControllerManager.
#pragma once

#include <chrono>
#include <memory>
#include <set>
#include <string>

#include "pkg/cli/ipnet.h"
#include "pkg/client/client.h"
#include "pkg/client/informer.h"
#include "pkg/util/clock.h"
#include "pkg/util/log.h"
#include "pkg/util/result.h"

namespace k1s::controller {

struct ControllerManagerOptions {
  // Controller names (see ControllerNames) that are not started.
  std::set<std::string> disabled;
  cli::Cidr cluster_cidr;  // node IPAM hands out /24s of it
  cli::Cidr service_cidr;
  std::string cluster_domain = "cluster.local";
  // PEM of the cluster CA, published as kube-root-ca.crt in every namespace.
  std::string root_ca_pem;
  int workers = 2;  // sync workers per controller
  // How long a node may go without a heartbeat (Lease renewal or status)
  // before the node lifecycle controller marks it Ready=Unknown.
  std::chrono::seconds node_monitor_grace_period{40};
};

// Lives only while a controller starts; what its references name outlives
// the controller.
struct ControllerContext {
  client::Client& client;
  client::InformerFactory& informers;
  const Clock& clock;
  const ControllerManagerOptions& options;
  Logger log;  // named after the controller
};

class Controller {
 public:
  virtual ~Controller() = default;
  // Stops workers and handlers; idempotent. The informers are shared and
  // are stopped by their owner.
  virtual void Stop() = 0;
};

// Starts one controller: registers its informer handlers and workers.
using ControllerStart = Result<std::unique_ptr<Controller>> (*)(ControllerContext& ctx);

}  // namespace k1s::controller
