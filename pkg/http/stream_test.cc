#include <doctest/doctest.h>
#include <httplib.h>

#include <thread>

#include "pkg/http/server.h"
#include "pkg/http/test_support.h"

namespace k1s::http {
namespace {

using std::chrono::milliseconds;
using testing::RawClient;
using testing::StreamState;
using testing::TestStream;

// Serves /watch with a stream fed through `state`; a new state per request
// is taken from `next`.
struct StreamingServer {
  explicit StreamingServer(ServerOptions options = {}) {
    auto started = Server::Start(options, [this](Request&) -> Reply {
      std::shared_ptr<StreamState> state;
      {
        std::lock_guard lock(mu);
        state = std::make_shared<StreamState>();
        states.push_back(state);
      }
      Response head = Response::Json(200, "");
      return Reply(std::move(head), std::make_unique<TestStream>(state));
    });
    REQUIRE(started.ok());
    server = std::move(started).value();
  }
  std::shared_ptr<StreamState> WaitState(size_t i) {
    for (int tries = 0; tries < 500; ++tries) {
      {
        std::lock_guard lock(mu);
        if (states.size() > i) return states[i];
      }
      std::this_thread::sleep_for(milliseconds(10));
    }
    FAIL("no stream opened");
    return nullptr;
  }

  std::mutex mu;
  std::vector<std::shared_ptr<StreamState>> states;
  std::unique_ptr<Server> server;
};

TEST_CASE("a streaming reply delivers chunks as the producer makes them") {
  StreamingServer s;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> seen;
  std::thread producer([&] {
    auto state = s.WaitState(0);
    for (std::string piece : {"{\"n\":1}\n", "{\"n\":2}\n", "{\"n\":3}\n"}) {
      state->Push(piece);
      // The next piece only once the client has this one: proves flushing.
      std::unique_lock lock(mu);
      cv.wait_for(lock, std::chrono::seconds(5),
                  [&] { return !seen.empty() && seen.back().find(piece) != std::string::npos; });
    }
    std::this_thread::sleep_for(milliseconds(50));
    state->Push("", /*finish=*/true);
  });
  httplib::Client client("127.0.0.1", s.server->port());
  client.set_read_timeout(10, 0);
  std::string all;
  auto res = client.Get("/watch", [&](const char* data, size_t n) {
    std::lock_guard lock(mu);
    all.append(data, n);
    seen.push_back(all);
    cv.notify_all();
    return true;
  });
  producer.join();
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Transfer-Encoding") == "chunked");
  CHECK(all == "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
  CHECK(seen.size() >= 3);
  CHECK(!s.states[0]->cancelled);
}

TEST_CASE("a stream is cancelled when the client disconnects") {
  StreamingServer s;
  RawClient raw(s.server->port());
  REQUIRE(raw.Send("GET /watch HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto state = s.WaitState(0);
  state->Push("first\n");
  CHECK(raw.ReadUntil("first\n").find("Transfer-Encoding: chunked") != std::string::npos);
  raw.Close();
  CHECK(state->WaitCancelled(milliseconds(5000)));
  // A late producer does no harm.
  state->Push("late\n");
}

TEST_CASE("Stop with open streams returns promptly and cancels them") {
  StreamingServer s;
  std::vector<std::unique_ptr<RawClient>> clients;
  for (size_t i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<RawClient>(s.server->port()));
    REQUIRE(clients.back()->Send("GET /watch HTTP/1.1\r\nHost: x\r\n\r\n"));
    s.WaitState(i)->Push("x\n");
    clients.back()->ReadUntil("x\n");
  }
  // A producer keeps pushing through Stop.
  std::atomic<bool> run{true};
  std::thread producer([&] {
    while (run) {
      s.states[0]->Push("more\n");
      std::this_thread::sleep_for(milliseconds(1));
    }
  });
  auto start = std::chrono::steady_clock::now();
  s.server->Stop();
  CHECK(std::chrono::steady_clock::now() - start < milliseconds(2000));
  run = false;
  producer.join();
  for (auto& st : s.states) CHECK(st->WaitCancelled(milliseconds(0)));
  for (auto& c : clients) CHECK(c->WaitClosed(milliseconds(2000)));
}

}  // namespace
}  // namespace k1s::http
