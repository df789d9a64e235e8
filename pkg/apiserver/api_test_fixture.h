// A test ApiServer over a private in-memory store, driven with plain
// requests as the admin (bearer token) or as a client-certificate user.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>

#include "pkg/apiserver/apiserver.h"

namespace k1s::apiserver::testing {

struct ApiFixture {
  FakeClock clock;
  std::unique_ptr<api::Registry> registry = api::Registry::WithBuiltins();
  std::unique_ptr<store::Store> store;
  std::unique_ptr<ApiServer> server;

  ApiFixture() {
    auto opened = store::OpenSqliteStore({.path = ":memory:"});
    REQUIRE(opened.ok());
    store = std::move(*opened);
    Restart();
    REQUIRE(Call("POST", "/api/v1/namespaces", R"({"metadata":{"name":"default"}})").status == 201);
  }

  // A new ApiServer on the same store, as after a restart of k1s.
  void Restart() {
    server.reset();
    ApiServerOptions options;
    options.admin_token = "secret-token";
    options.advertise_address = "127.0.0.1:6443";
    server = std::make_unique<ApiServer>(options, *registry, *store, clock, Logger());
  }

  struct Answer {
    int status;
    Json body;
    std::string message() const { return body.value("message", ""); }
  };

  // As the admin, or as the client-certificate user `peer` when given.
  Answer Call(const std::string& method, const std::string& target, const std::string& body = "",
              const std::string& content_type = "application/json",
              std::optional<http::PeerCertificate> peer = std::nullopt) {
    http::Request r;
    r.method = method;
    r.target = target;
    size_t q = target.find('?');
    r.path = http::PercentDecode(target.substr(0, q), false);
    if (q != std::string::npos) r.query = http::ParseQuery(target.substr(q + 1));
    r.body = body;
    if (!body.empty()) r.headers.emplace("Content-Type", content_type);
    r.headers.emplace("Accept", "application/json");
    if (peer) {
      r.peer = std::move(peer);
    } else {
      r.headers.emplace("Authorization", "Bearer secret-token");
    }
    http::Reply reply = server->Handle(r);
    return {reply.response.status, Json::parse(reply.response.body, nullptr, false)};
  }
};

}  // namespace k1s::apiserver::testing
