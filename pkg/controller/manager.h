// ControllerManager: starts every controller of the table that is not
// disabled, each with its own logger, and stops them in reverse order.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pkg/controller/controller.h"

namespace k1s::controller {

// Every controller's name, in start order (what --disable-controller takes).
std::vector<std::string> ControllerNames();

class ControllerManager {
 public:
  // Invalid if `options.disabled` names an unknown controller.
  static Result<std::unique_ptr<ControllerManager>> Start(const ControllerManagerOptions& options,
                                                          client::Client& client,
                                                          client::InformerFactory& informers,
                                                          const Clock& clock, Logger log);
  ~ControllerManager() { Stop(); }
  ControllerManager(const ControllerManager&) = delete;
  ControllerManager& operator=(const ControllerManager&) = delete;

  void Stop();
  // Names of the controllers running.
  std::vector<std::string> running() const;

 private:
  ControllerManager(const ControllerManagerOptions& options) : options_(options) {}

  const ControllerManagerOptions options_;
  std::vector<std::pair<std::string, std::unique_ptr<Controller>>> controllers_;
};

}  // namespace k1s::controller
