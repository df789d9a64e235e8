#include "pkg/controller/common/expectations.h"

namespace k1s::controller::common {

namespace {
constexpr auto kExpectationsTimeout = std::chrono::minutes(5);
}  // namespace

void Expectations::Expect(const std::string& key, int adds, int deletes) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_[key] = Entry{adds, deletes, clock_.SteadyNow()};
}

void Expectations::Lower(const std::string& key, int adds, int deletes) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  it->second.adds -= adds;
  it->second.deletes -= deletes;
}

bool Expectations::Satisfied(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return true;
  if (it->second.adds <= 0 && it->second.deletes <= 0) return true;
  return clock_.SteadyNow() - it->second.set > kExpectationsTimeout;
}

void Expectations::Forget(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.erase(key);
}

}  // namespace k1s::controller::common
