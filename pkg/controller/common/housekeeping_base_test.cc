#include "pkg/controller/common/housekeeping_base.h"

#include <doctest/doctest.h>

#include <atomic>
#include <set>

#include "pkg/controller/common/housekeeping_harness.h"

namespace k1s::controller {
namespace {

using namespace std::chrono_literals;
namespace res = client::resources;

// Watches pods and records the keys it synced.
class RecordingController final : public HousekeepingController {
 public:
  explicit RecordingController(ControllerContext& ctx) : HousekeepingController(ctx) {
    Watch(res::kPods);
    Run();
  }
  ~RecordingController() override { Stop(); }

  Status Sync(const std::string& key) override {
    std::lock_guard<std::mutex> lock(mu_);
    synced_.insert(key);
    return Status::Ok();
  }
  bool CachesSynced() const override {
    ++checks_;
    return HousekeepingController::CachesSynced();
  }
  bool Synced(const std::string& key) const {
    std::lock_guard<std::mutex> lock(mu_);
    return synced_.count(key) > 0;
  }
  int checks() const { return checks_; }

 private:
  mutable std::mutex mu_;
  std::set<std::string> synced_;  // guarded by mu_
  mutable std::atomic<int> checks_{0};
};

TEST_CASE("a key that came before the first list is synced once the list is in, with the clock held still") {
  FakeClock clock;
  client::TestCluster cluster(&clock);
  client::InformerFactory informers(cluster.admin(), Logger());  // not started yet
  ControllerManagerOptions options;
  ControllerContext ctx{cluster.admin(), informers, clock, options, Logger()};
  RecordingController controller(ctx);

  controller.queue().Add("default/early");
  REQUIRE(testing::HousekeepingHarness::Eventually([&] { return controller.checks() > 0; }));
  CHECK_FALSE(controller.Synced("default/early"));
  informers.Start();
  // No clock advance: the wait for the list is in real time.
  CHECK(testing::HousekeepingHarness::Eventually([&] { return controller.Synced("default/early"); }));
  controller.Stop();
  informers.Stop();
}

}  // namespace
}  // namespace k1s::controller
