#include "pkg/http/server.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "pkg/http/test_support.h"

namespace k1s::http {
namespace {

using std::chrono::milliseconds;
using testing::RawClient;

std::unique_ptr<Server> MustStart(ServerOptions options, Handler handler) {
  auto server = Server::Start(options, std::move(handler));
  REQUIRE_MESSAGE(server.ok(), server.status().ToString());
  return std::move(server).value();
}

// Echoes what the server parsed, one field per line.
Reply Echo(Request& req) {
  std::string out = req.method + "\n" + req.path + "\n";
  for (const auto& [k, v] : req.query) out += k + "=" + v + "\n";
  out += "body=" + req.body + "\n";
  out += "x-test=" + req.Header("x-test") + "\n";
  Response r = Response::Text(200, out);
  r.headers.emplace("X-Remote", req.remote_address);
  return r;
}

TEST_CASE("GET and POST round trip with query decoding") {
  auto server = MustStart({}, Echo);
  httplib::Client client("127.0.0.1", server->port());
  auto get = client.Get("/api/v1/name%20spaces?labelSelector=a%3Db%2Cc%20d&x=1&x=2",
                        {{"X-Test", "hello"}});
  REQUIRE(get);
  CHECK(get->status == 200);
  CHECK(get->get_header_value("Content-Type") == "text/plain; charset=utf-8");
  CHECK(get->body ==
        "GET\n/api/v1/name spaces\nlabelSelector=a=b,c d\nx=1\nx=2\nbody=\nx-test=hello\n");

  auto post = client.Post("/things", R"({"a":1})", "application/json");
  REQUIRE(post);
  CHECK(post->status == 200);
  CHECK(post->body == "POST\n/things\nbody={\"a\":1}\nx-test=\n");

  // cpp-httplib re-encodes '+'; on the wire it means a space in a query.
  RawClient raw(server->port());
  REQUIRE(raw.Send("GET /p?q=a+b%2Bc HTTP/1.1\r\nHost: x\r\n\r\n"));
  CHECK(raw.ReadUntil("body=").find("\nq=a b+c\n") != std::string::npos);

  auto head = client.Head("/x");
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->body.empty());
}

TEST_CASE("keep-alive serves two requests on one connection") {
  auto server = MustStart({}, Echo);
  httplib::Client client("127.0.0.1", server->port());
  client.set_keep_alive(true);
  auto a = client.Get("/a");
  auto b = client.Get("/b");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->get_header_value("X-Remote") == b->get_header_value("X-Remote"));

  // And on the wire: two requests pipelined on one socket get two answers.
  RawClient raw(server->port());
  REQUIRE(raw.Send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string got = raw.ReadUntil("\n/2\n");
  CHECK(got.find("\n/1\n") != std::string::npos);
  CHECK(got.find("\n/2\n") != std::string::npos);
}

TEST_CASE("a body over max_body_bytes gets 413 with a Status") {
  auto server = MustStart({}, Echo);
  httplib::Client client("127.0.0.1", server->port());
  auto res = client.Post("/big", std::string(3 * 1024 * 1024 + 1, 'x'), "application/octet-stream");
  REQUIRE(res);
  CHECK(res->status == 413);
  CHECK(res->get_header_value("Content-Type") == "application/json");
  CHECK(res->body.find(R"("kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure")") !=
        std::string::npos);
  CHECK(res->body.find(R"("reason":"RequestEntityTooLarge","code":413})") != std::string::npos);

  // Exactly the limit is fine.
  auto ok = client.Post("/big", std::string(3 * 1024 * 1024, 'x'), "application/octet-stream");
  REQUIRE(ok);
  CHECK(ok->status == 200);
}

TEST_CASE("Expect: 100-continue") {
  auto server = MustStart({}, Echo);
  RawClient raw(server->port());
  REQUIRE(
      raw.Send("PUT /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  CHECK(raw.ReadUntil("\r\n\r\n").find("HTTP/1.1 100 Continue") == 0);
  REQUIRE(raw.Send("hello"));
  CHECK(raw.ReadUntil("body=hello").find("HTTP/1.1 200 OK") != std::string::npos);

  // Too large: refused before the client sends the body.
  RawClient big(server->port());
  REQUIRE(
      big.Send("PUT /p HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n"
               "Expect: 100-continue\r\n\r\n"));
  CHECK(big.ReadUntil("\r\n\r\n").find("HTTP/1.1 413") == 0);
  CHECK(big.WaitClosed(milliseconds(5000)));
}

TEST_CASE("headers over max_header_bytes get 431") {
  auto server = MustStart({}, Echo);
  httplib::Client client("127.0.0.1", server->port());
  auto res = client.Get("/", {{"X-Huge", std::string(70 * 1024, 'h')}});
  REQUIRE(res);
  CHECK(res->status == 431);
}

TEST_CASE("a malformed request gets 400 and the connection closes") {
  auto server = MustStart({}, Echo);
  RawClient raw(server->port());
  REQUIRE(raw.Send("GET / HTTP/1.1\r\nHost x\r\n\r\n"));
  CHECK(raw.ReadUntil("\r\n\r\n").find("HTTP/1.1 400") == 0);
  CHECK(raw.WaitClosed(milliseconds(5000)));
}

TEST_CASE("a handler that throws gets 500 and the server lives on") {
  auto server = MustStart({}, [](Request& req) -> Reply {
    if (req.path == "/boom") throw std::runtime_error("kaboom");
    return Response::Text(200, "fine");
  });
  httplib::Client client("127.0.0.1", server->port());
  auto res = client.Get("/boom");
  REQUIRE(res);
  CHECK(res->status == 500);
  CHECK(res->body.find(R"("reason":"InternalError")") != std::string::npos);
  auto after = client.Get("/fine");
  REQUIRE(after);
  CHECK(after->body == "fine");
}

TEST_CASE("a slow client is closed after read_timeout without blocking others") {
  ServerOptions options;
  options.read_timeout = std::chrono::seconds(1);
  options.io_threads = 1;
  options.worker_threads = 1;
  auto server = MustStart(options, Echo);
  auto start = std::chrono::steady_clock::now();
  RawClient slow(server->port());
  REQUIRE(slow.Send("GET /slow HTTP/1.1\r\nHost: x\r\n"));

  httplib::Client client("127.0.0.1", server->port());
  auto res = client.Get("/fast");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(std::chrono::steady_clock::now() - start < milliseconds(900));

  CHECK(slow.WaitClosed(milliseconds(5000)));
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(took >= milliseconds(900));
  CHECK(took < milliseconds(3000));
  CHECK(slow.received().empty());
}

TEST_CASE("idle keep-alive connections are closed after idle_timeout") {
  ServerOptions options;
  options.idle_timeout = std::chrono::seconds(1);
  auto server = MustStart(options, Echo);
  RawClient raw(server->port());
  REQUIRE(raw.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  CHECK(raw.ReadUntil("x-test=\n").find("200 OK") != std::string::npos);
  auto start = std::chrono::steady_clock::now();
  CHECK(raw.WaitClosed(milliseconds(5000)));
  CHECK(std::chrono::steady_clock::now() - start >= milliseconds(900));
}

TEST_CASE("200 idle connections do not stop a new client from being served") {
  ServerOptions options;
  options.io_threads = 2;
  options.worker_threads = 2;
  auto server = MustStart(options, Echo);
  std::vector<std::unique_ptr<RawClient>> idle;
  for (int i = 0; i < 200; ++i) {
    idle.push_back(std::make_unique<RawClient>(server->port()));
    REQUIRE(idle.back()->connected());
  }
  // Half of them have begun a request, too.
  for (int i = 0; i < 100; ++i) REQUIRE(idle[i]->Send("GET / HTTP/1.1\r\n"));
  httplib::Client client("127.0.0.1", server->port());
  client.set_read_timeout(5, 0);
  auto res = client.Get("/new");
  REQUIRE(res);
  CHECK(res->status == 200);
}

TEST_CASE("Stop is idempotent; Start fails on a taken port") {
  auto server = MustStart({}, Echo);
  ServerOptions same;
  same.port = server->port();
  auto second = Server::Start(same, Echo);
  CHECK(!second.ok());
  server->Stop();
  server->Stop();
  httplib::Client client("127.0.0.1", server->port());
  CHECK(!client.Get("/"));
}

}  // namespace
}  // namespace k1s::http
