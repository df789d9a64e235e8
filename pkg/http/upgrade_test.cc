#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "pkg/http/server.h"
#include "pkg/http/test_support.h"

namespace k1s::http {
namespace {

using std::chrono::milliseconds;
using testing::RawClient;

constexpr const char* kUpgradeRequest =
    "POST /echo HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo/1\r\n"
    "Content-Length: 0\r\n\r\n";

// Upgrades every request to an echo protocol: each byte read is written back
// upper-cased, until the client closes.
struct EchoServer {
  EchoServer() {
    auto started = Server::Start({}, [this](Request&) -> Reply {
      Response head;
      head.status = 101;
      head.headers.emplace("Connection", "Upgrade");
      head.headers.emplace("Upgrade", "echo/1");
      return Reply(std::move(head), [this](std::unique_ptr<UpgradedConnection> conn) {
        ++running;
        char buffer[256];
        while (size_t n = conn->Read(buffer, sizeof buffer)) {
          std::string out(buffer, n);
          for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          if (!conn->Write(out)) break;
        }
        --running;
        ++finished;
      });
    });
    REQUIRE(started.ok());
    server = std::move(started).value();
  }
  std::atomic<int> running{0}, finished{0};
  std::unique_ptr<Server> server;
};

bool WaitFor(const std::function<bool()>& done) {
  for (int i = 0; i < 500 && !done(); ++i) std::this_thread::sleep_for(milliseconds(10));
  return done();
}

TEST_CASE("an upgrade reply writes a 101 head with its headers and hands over the connection") {
  EchoServer s;
  RawClient client(s.server->port());
  REQUIRE(client.Send(kUpgradeRequest));
  std::string head = client.ReadUntil("\r\n\r\n");
  CHECK(head.starts_with("HTTP/1.1 101"));
  CHECK(head.find("Connection: Upgrade") != std::string::npos);
  CHECK(head.find("Upgrade: echo/1") != std::string::npos);
  REQUIRE(client.Send("hello"));
  CHECK(client.ReadUntil("HELLO").ends_with("HELLO"));
  REQUIRE(client.Send(" again"));
  CHECK(client.ReadUntil("AGAIN").ends_with("HELLO AGAIN"));
  client.Close();
  CHECK(WaitFor([&] { return s.finished == 1; }));
}

TEST_CASE("bytes sent right behind the upgrade request reach the handler") {
  EchoServer s;
  RawClient client(s.server->port());
  REQUIRE(client.Send(std::string(kUpgradeRequest) + "early"));
  std::string got = client.ReadUntil("EARLY");
  CHECK(got.find("101") != std::string::npos);
  CHECK(got.ends_with("EARLY"));
}

TEST_CASE("Stop ends an upgraded connection whose handler is blocked reading") {
  EchoServer s;
  RawClient client(s.server->port());
  REQUIRE(client.Send(kUpgradeRequest));
  client.ReadUntil("\r\n\r\n");
  REQUIRE(WaitFor([&] { return s.running == 1; }));
  s.server->Stop();
  CHECK(s.finished == 1);
  CHECK(client.WaitClosed(std::chrono::seconds(5)));
}

TEST_CASE("a handler returning closes the connection") {
  auto started = Server::Start({}, [](Request&) -> Reply {
    Response head;
    head.status = 101;
    head.headers.emplace("Upgrade", "bye/1");
    return Reply(std::move(head), [](std::unique_ptr<UpgradedConnection> conn) { conn->Write("bye"); });
  });
  REQUIRE(started.ok());
  RawClient client((*started)->port());
  REQUIRE(client.Send(kUpgradeRequest));
  CHECK(client.WaitClosed(std::chrono::seconds(5)));
  CHECK(client.received().ends_with("bye"));
}

}  // namespace
}  // namespace k1s::http
