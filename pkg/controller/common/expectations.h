// Expectations: what a controller has asked for and not yet seen in its
// informer cache. Without them a sync that runs before the cache shows the
// pods it just created would create them again. A controller only trusts
// its cache for a key once every expected create and delete was observed,
// or five minutes passed (an event may have been lost). Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "pkg/util/clock.h"

namespace k1s::controller::common {

class Expectations {
 public:
  explicit Expectations(const Clock& clock) : clock_(clock) {}

  // Replaces what `key` expects.
  void Expect(const std::string& key, int adds, int deletes);
  void CreationObserved(const std::string& key) { Lower(key, 1, 0); }
  void DeletionObserved(const std::string& key) { Lower(key, 0, 1); }
  // Lowers the counts, e.g. when a create failed and will not be observed.
  void Lower(const std::string& key, int adds, int deletes);
  // True when nothing is pending for `key` (or it expired).
  bool Satisfied(const std::string& key) const;
  void Forget(const std::string& key);

 private:
  struct Entry {
    int adds = 0;
    int deletes = 0;
    std::chrono::steady_clock::time_point set;
  };
  const Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;  // guarded by mu_
};

}  // namespace k1s::controller::common
