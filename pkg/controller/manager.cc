#include "pkg/controller/manager.h"

#include <algorithm>

#include "pkg/controller/controllers.h"

namespace k1s::controller {

std::vector<std::string> ControllerNames() {
  std::vector<std::string> names;
  for (const ControllerEntry& e : ControllerTable()) names.push_back(e.name);
  return names;
}

Result<std::unique_ptr<ControllerManager>> ControllerManager::Start(
    const ControllerManagerOptions& options, client::Client& client,
    client::InformerFactory& informers, const Clock& clock, Logger log) {
  std::vector<std::string> names = ControllerNames();
  for (const std::string& d : options.disabled) {
    if (std::find(names.begin(), names.end(), d) == names.end()) {
      std::string known;
      for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
      return Status::Invalid("--disable-controller: unknown controller \"" + d + "\" (known: " + known + ")");
    }
  }
  std::unique_ptr<ControllerManager> manager(new ControllerManager(options));
  for (const ControllerEntry& e : ControllerTable()) {
    if (options.disabled.contains(e.name)) continue;
    ControllerContext ctx{client, informers, clock, manager->options_, log.Child(e.name)};
    auto started = e.start(ctx);
    if (!started.ok()) {
      return Status(started.status().code(),
                    std::string("starting controller ") + e.name + ": " + started.status().message());
    }
    manager->controllers_.emplace_back(e.name, std::move(*started));
  }
  return manager;
}

void ControllerManager::Stop() {
  for (auto it = controllers_.rbegin(); it != controllers_.rend(); ++it) it->second->Stop();
  controllers_.clear();
}

std::vector<std::string> ControllerManager::running() const {
  std::vector<std::string> names;
  for (const auto& [name, c] : controllers_) names.push_back(name);
  return names;
}

}  // namespace k1s::controller
