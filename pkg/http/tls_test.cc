#include <doctest/doctest.h>
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "pkg/http/server.h"
#include "pkg/util/temp_dir.h"

namespace k1s::http {
namespace {

// A CA, a serving certificate for 127.0.0.1 and a client certificate for
// CN=alice, O=system:masters, O=dev, made with the openssl CLI.
struct TestPki {
  TempDir dir{"k1s-http-tls"};
  std::string F(const std::string& name) const { return dir.File(name); }

  TestPki() {
    std::ofstream(F("server.ext")) << "subjectAltName=IP:127.0.0.1,DNS:localhost\n";
    std::ofstream(F("client.ext")) << "extendedKeyUsage=clientAuth\n";
    const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    Run("openssl req -x509" + ec + " -days 1 -subj /CN=k1s-test-ca -keyout " + F("ca.key") +
        " -out " + F("ca.crt"));
    Issue("server", "/CN=localhost");
    Issue("client", "/O=system:masters/O=dev/CN=alice");
  }
  void Issue(const std::string& name, const std::string& subject) {
    const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    Run("openssl req" + ec + " -subj " + subject + " -keyout " + F(name + ".key") + " -out " +
        F(name + ".csr"));
    Run("openssl x509 -req -days 1 -in " + F(name + ".csr") + " -CA " + F("ca.crt") + " -CAkey " +
        F("ca.key") + " -CAcreateserial -extfile " + F(name + ".ext") + " -out " +
        F(name + ".crt"));
  }
  static void Run(const std::string& cmd) {
    REQUIRE_MESSAGE(std::system((cmd + " >/dev/null 2>&1").c_str()) == 0, cmd);
  }
};

Reply WhoAmI(Request& req) {
  if (!req.peer) return Response::Text(200, "anonymous");
  std::string out = "cn=" + req.peer->common_name;
  for (const auto& o : req.peer->organizations) out += " o=" + o;
  return Response::Text(200, out);
}

TEST_CASE("TLS with an optional, verified client certificate") {
  TestPki pki;
  ServerOptions options;
  options.tls = TlsFiles{pki.F("server.crt"), pki.F("server.key"), pki.F("ca.crt")};
  auto started = Server::Start(options, WhoAmI);
  REQUIRE_MESSAGE(started.ok(), started.status().ToString());
  auto& server = *started;

  SUBCASE("a client certificate shows up as the peer") {
    httplib::SSLClient client("127.0.0.1", server->port(), pki.F("client.crt"),
                              pki.F("client.key"));
    client.set_ca_cert_path(pki.F("ca.crt").c_str());
    client.enable_server_certificate_verification(true);
    client.set_keep_alive(true);
    auto res = client.Get("/");
    REQUIRE_MESSAGE(res, httplib::to_string(res.error()));
    CHECK(res->body == "cn=alice o=system:masters o=dev");
    auto again = client.Get("/");
    REQUIRE(again);
    CHECK(again->body == "cn=alice o=system:masters o=dev");
  }
  SUBCASE("no certificate, no peer") {
    httplib::SSLClient client("127.0.0.1", server->port());
    client.set_ca_cert_path(pki.F("ca.crt").c_str());
    client.enable_server_certificate_verification(true);
    auto res = client.Get("/");
    REQUIRE_MESSAGE(res, httplib::to_string(res.error()));
    CHECK(res->body == "anonymous");
  }
  SUBCASE("a body over the limit gets 413 over TLS too") {
    httplib::SSLClient client("127.0.0.1", server->port());
    client.set_ca_cert_path(pki.F("ca.crt").c_str());
    auto res = client.Post("/", std::string(3 * 1024 * 1024 + 1, 'x'), "text/plain");
    REQUIRE_MESSAGE(res, httplib::to_string(res.error()));
    CHECK(res->status == 413);
  }
  SUBCASE("curl, offering h2 by ALPN, speaks HTTP/1.1 with a client certificate") {
    if (std::system("command -v curl >/dev/null 2>&1") != 0) return;
    std::string cmd =
        "curl -sS --cacert " + pki.F("ca.crt") + " --cert " + pki.F("client.crt") + " --key " +
        pki.F("client.key") +
        " -w ' http=%{http_version}' https://127.0.0.1:" + std::to_string(server->port()) + "/";
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
      char buf[256];
      while (size_t n = fread(buf, 1, sizeof(buf), p)) out.append(buf, n);
      pclose(p);
    }
    CHECK(out == "cn=alice o=system:masters o=dev http=1.1");
  }
  SUBCASE("plain HTTP on the TLS port gets nowhere") {
    httplib::Client client("127.0.0.1", server->port());
    client.set_read_timeout(2, 0);
    auto res = client.Get("/");
    CHECK((!res || res->status == 400));
  }
}

TEST_CASE("Start fails when the TLS files are missing") {
  ServerOptions options;
  options.tls = TlsFiles{"/nonexistent/cert.pem", "/nonexistent/key.pem", ""};
  auto started = Server::Start(options, WhoAmI);
  REQUIRE(!started.ok());
  CHECK(started.status().message().find("/nonexistent/cert.pem") != std::string::npos);
}

}  // namespace
}  // namespace k1s::http
