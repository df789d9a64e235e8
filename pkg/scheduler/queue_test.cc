#include <doctest/doctest.h>

#include "pkg/scheduler/queue.h"

namespace k1s::scheduler {
namespace {

using namespace std::chrono_literals;

PodPtr MakePod(const std::string& uid, int32_t priority, int created_s) {
  auto p = std::make_shared<Pod>();
  p->uid = uid;
  p->name = uid;
  p->priority = priority;
  p->created = std::chrono::system_clock::time_point(std::chrono::seconds(created_s));
  p->object = std::make_shared<const client::Json>(client::Json{{"spec", {{"x", uid}}}});
  return p;
}

TEST_CASE("active pods come out by priority, then age") {
  FakeClock clock;
  SchedulingQueue q(clock);
  q.Add(MakePod("late-low", 0, 20));
  q.Add(MakePod("early-low", 0, 10));
  q.Add(MakePod("high", 100, 30));
  CHECK(q.Pop()->pod->uid == "high");
  CHECK(q.Pop()->pod->uid == "early-low");
  CHECK(q.Pop()->pod->uid == "late-low");
}

TEST_CASE("unschedulable pods wait for a cluster event, then their backoff") {
  FakeClock clock;
  SchedulingQueue q(clock);
  q.Add(MakePod("p", 0, 1));
  auto qp = q.Pop();
  REQUIRE(qp);
  q.AddUnschedulable(*qp);
  CHECK(q.counts().unschedulable == 1);
  q.MoveAllToActiveOrBackoff();
  // Still inside its 1 s backoff.
  CHECK(q.counts().backoff == 1);
  clock.Advance(1100ms);
  auto again = q.Pop();
  REQUIRE(again);
  CHECK(again->attempts == 1);
  // The second failure doubles the backoff to 2 s.
  q.AddUnschedulable(*again);
  q.MoveAllToActiveOrBackoff();
  clock.Advance(1500ms);
  CHECK(q.counts().backoff == 1);
  clock.Advance(600ms);
  CHECK(q.Pop()->attempts == 2);
}

TEST_CASE("an event during the attempt sends the failed pod to backoff, not unschedulable") {
  FakeClock clock;
  SchedulingQueue q(clock);
  q.Add(MakePod("p", 0, 1));
  auto qp = q.Pop();
  q.MoveAllToActiveOrBackoff();
  q.AddUnschedulable(*qp);
  CHECK(q.counts().unschedulable == 0);
  CHECK(q.counts().backoff == 1);
}

TEST_CASE("unschedulable pods are retried after five minutes without events") {
  FakeClock clock;
  SchedulingQueue q(clock);
  q.Add(MakePod("p", 0, 1));
  q.AddUnschedulable(*q.Pop());
  clock.Advance(std::chrono::minutes(5) + 1s);
  CHECK(q.Pop()->pod->uid == "p");
}

TEST_CASE("a changed spec retries an unschedulable pod; a deleted pod is gone") {
  FakeClock clock;
  SchedulingQueue q(clock);
  q.Add(MakePod("p", 0, 1));
  q.AddUnschedulable(*q.Pop());
  q.Update(MakePod("p", 0, 1));  // same spec: stays
  CHECK(q.counts().unschedulable == 1);
  auto changed = std::make_shared<Pod>(*MakePod("p", 0, 1));
  changed->object = std::make_shared<const client::Json>(client::Json{{"spec", {{"x", "new"}}}});
  q.Update(changed);
  CHECK(q.counts().unschedulable == 0);
  q.Delete("p");
  CHECK(q.counts().backoff == 0);
  CHECK(q.counts().active == 0);
  q.Close();
  CHECK_FALSE(q.Pop());
}

}  // namespace
}  // namespace k1s::scheduler
