#include <boost/asio/post.hpp>

#include "pkg/http/connection.h"

namespace k1s::http::internal {

bool ConnectionRegistry::Register(const std::shared_ptr<Connection>& c) {
  std::lock_guard lock(mu_);
  if (stopping_) return false;
  live_.emplace(c.get(), c);
  return true;
}

void ConnectionRegistry::Unregister(Connection* c) {
  std::lock_guard lock(mu_);
  if (live_.erase(c) > 0 && live_.empty()) empty_.notify_all();
}

bool ConnectionRegistry::TrySubmit(std::function<void()> task) {
  std::lock_guard lock(mu_);
  if (stopping_) return false;
  boost::asio::post(workers_, std::move(task));
  return true;
}

std::vector<std::shared_ptr<Connection>> ConnectionRegistry::BeginStop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  return Live();
}

std::vector<std::shared_ptr<Connection>> ConnectionRegistry::Live() {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<Connection>> out;
  for (auto& [ptr, weak] : live_) {
    if (auto c = weak.lock()) out.push_back(std::move(c));
  }
  return out;
}

bool ConnectionRegistry::WaitEmpty(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return empty_.wait_for(lock, timeout, [this] { return live_.empty(); });
}

bool ConnectionRegistry::BeginUpgrade() {
  std::lock_guard lock(mu_);
  if (stopping_) return false;
  ++upgrades_;
  return true;
}

void ConnectionRegistry::EndUpgrade() {
  std::lock_guard lock(mu_);
  if (--upgrades_ == 0) empty_.notify_all();
}

bool ConnectionRegistry::WaitUpgrades(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return empty_.wait_for(lock, timeout, [this] { return upgrades_ == 0; });
}

}  // namespace k1s::http::internal
