#include "pkg/pki/pki.h"

#include <doctest/doctest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "pkg/util/temp_dir.h"

namespace k1s::pki {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

unsigned Mode(const std::string& path) {
  struct stat st {};
  REQUIRE(stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using Cert = std::unique_ptr<X509, X509Free>;

Cert ParseCert(const std::string& pem) {
  std::unique_ptr<BIO, int (*)(BIO*)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                          BIO_free);
  Cert cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  REQUIRE(cert != nullptr);
  return cert;
}

// X509_verify_cert of `leaf` against the single trusted `ca` for `purpose`.
bool Verifies(const std::string& leaf_pem, const std::string& ca_pem, int purpose) {
  Cert leaf = ParseCert(leaf_pem);
  Cert ca = ParseCert(ca_pem);
  std::unique_ptr<X509_STORE, void (*)(X509_STORE*)> store(X509_STORE_new(), X509_STORE_free);
  REQUIRE(X509_STORE_add_cert(store.get(), ca.get()) == 1);
  std::unique_ptr<X509_STORE_CTX, void (*)(X509_STORE_CTX*)> ctx(X509_STORE_CTX_new(),
                                                                 X509_STORE_CTX_free);
  REQUIRE(X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), nullptr) == 1);
  REQUIRE(X509_STORE_CTX_set_purpose(ctx.get(), purpose) == 1);
  return X509_verify_cert(ctx.get()) == 1;
}

std::vector<std::string> SubjectEntries(X509* cert, int nid) {
  std::vector<std::string> out;
  X509_NAME* name = X509_get_subject_name(cert);
  for (int i = X509_NAME_get_index_by_NID(name, nid, -1); i >= 0;
       i = X509_NAME_get_index_by_NID(name, nid, i)) {
    ASN1_STRING* s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
    out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<size_t>(ASN1_STRING_length(s)));
  }
  return out;
}

std::string DecodeBase64(const std::string& in) {
  std::string out(in.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  REQUIRE(n >= 0);
  size_t pad = 0;
  if (!in.empty() && in.back() == '=') ++pad;
  if (in.size() > 1 && in[in.size() - 2] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

const std::vector<std::string> kAllFiles = {"server-ca.crt",
                                            "server-ca.key",
                                            "client-ca.crt",
                                            "client-ca.key",
                                            "serving-kube-apiserver.crt",
                                            "serving-kube-apiserver.key",
                                            "client-admin.crt",
                                            "client-admin.key"};

std::map<std::string, std::string> SnapshotFiles(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& f : kAllFiles) out[f] = Slurp(dir + "/" + f);
  return out;
}

int RunShell(const std::string& cmd) {
  int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

TEST_CASE("EnsureServerPki generates the PKI and reuses it byte for byte") {
  TempDir tmp("pki");
  ServerPkiOptions options;
  options.dir = tmp.File("server/tls");
  Result<ServerPki> first = EnsureServerPki(options);
  REQUIRE_MESSAGE(first.ok(), first.status().ToString());
  CHECK(first->serving_cert == options.dir + "/serving-kube-apiserver.crt");
  auto before = SnapshotFiles(options.dir);
  for (const auto& [name, bytes] : before) CHECK_MESSAGE(!bytes.empty(), name);

  Result<ServerPki> second = EnsureServerPki(options);
  REQUIRE(second.ok());
  CHECK(SnapshotFiles(options.dir) == before);
}

TEST_CASE("file modes: directory 0700, keys 0600, certificates 0644") {
  TempDir tmp("pki");
  ServerPkiOptions options;
  options.dir = tmp.File("tls");
  REQUIRE(EnsureServerPki(options).ok());
  CHECK(Mode(options.dir) == 0700);
  for (const auto& f : kAllFiles) {
    bool is_key = f.size() > 4 && f.substr(f.size() - 4) == ".key";
    CHECK_MESSAGE(Mode(options.dir + "/" + f) == (is_key ? 0600u : 0644u), f);
  }
}

TEST_CASE("the serving certificate verifies against the server CA and carries the SANs") {
  TempDir tmp("pki");
  ServerPkiOptions options;
  options.dir = tmp.File("tls");
  options.dns_names = {"node1.example.test"};
  options.ip_addresses = {"10.43.0.1"};
  Result<ServerPki> pki = EnsureServerPki(options);
  REQUIRE(pki.ok());
  std::string serving = Slurp(pki->serving_cert);
  CHECK(Verifies(serving, Slurp(pki->server_ca_cert), X509_PURPOSE_SSL_SERVER));
  CHECK_FALSE(Verifies(serving, Slurp(pki->client_ca_cert), X509_PURPOSE_SSL_SERVER));

  Cert cert = ParseCert(serving);
  for (const char* host :
       {"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
        "kubernetes.default.svc.cluster.local", "node1.example.test"}) {
    CHECK_MESSAGE(X509_check_host(cert.get(), host, 0, X509_CHECK_FLAG_NO_WILDCARDS, nullptr) == 1,
                  host);
  }
  CHECK(X509_check_host(cert.get(), "other.example.test", 0, 0, nullptr) != 1);
  for (const char* ip : {"127.0.0.1", "::1", "10.43.0.1"}) {
    CHECK_MESSAGE(X509_check_ip_asc(cert.get(), ip, 0) == 1, ip);
  }
  CHECK(X509_check_ip_asc(cert.get(), "10.0.0.9", 0) != 1);

  Cert ca = ParseCert(Slurp(pki->server_ca_cert));
  CHECK(X509_check_ca(ca.get()) >= 1);
  CHECK((X509_get_key_usage(ca.get()) & KU_KEY_CERT_SIGN) != 0);
  CHECK(X509_check_ca(cert.get()) == 0);
  CHECK((X509_get_extended_key_usage(cert.get()) & XKU_SSL_SERVER) != 0);

  if (access("/usr/bin/openssl", X_OK) == 0) {
    CHECK(RunShell("openssl verify -purpose sslserver -CAfile " + pki->server_ca_cert + " " +
                   pki->serving_cert + " >/dev/null 2>&1") == 0);
    CHECK(RunShell("openssl verify -CAfile " + pki->client_ca_cert + " " + pki->serving_cert +
                   " >/dev/null 2>&1") != 0);
  }
}

TEST_CASE("missing SANs re-issue the serving certificate under the same CA") {
  TempDir tmp("pki");
  ServerPkiOptions options;
  options.dir = tmp.File("tls");
  REQUIRE(EnsureServerPki(options).ok());
  auto before = SnapshotFiles(options.dir);

  options.dns_names = {"New.Example.Test"};
  options.ip_addresses = {"192.168.7.7", "fd00::7"};
  Result<ServerPki> pki = EnsureServerPki(options);
  REQUIRE(pki.ok());
  auto after = SnapshotFiles(options.dir);
  for (const char* f : {"server-ca.crt", "server-ca.key", "client-ca.crt", "client-ca.key",
                        "client-admin.crt", "client-admin.key", "serving-kube-apiserver.key"}) {
    CHECK_MESSAGE(after[f] == before[f], f);
  }
  CHECK(after["serving-kube-apiserver.crt"] != before["serving-kube-apiserver.crt"]);
  Cert cert = ParseCert(after["serving-kube-apiserver.crt"]);
  CHECK(X509_check_host(cert.get(), "new.example.test", 0, 0, nullptr) == 1);
  CHECK(X509_check_host(cert.get(), "kubernetes", 0, 0, nullptr) == 1);
  CHECK(X509_check_ip_asc(cert.get(), "192.168.7.7", 0) == 1);
  CHECK(X509_check_ip_asc(cert.get(), "fd00::7", 0) == 1);
  CHECK(Verifies(after["serving-kube-apiserver.crt"], after["server-ca.crt"],
                 X509_PURPOSE_SSL_SERVER));

  // Asking for a subset of what is there changes nothing.
  options.dns_names = {"new.example.test"};
  options.ip_addresses = {};
  REQUIRE(EnsureServerPki(options).ok());
  CHECK(SnapshotFiles(options.dir) == after);
}

TEST_CASE("client certificates carry CN and O and verify only against the client CA") {
  TempDir tmp("pki");
  ServerPkiOptions options;
  options.dir = tmp.File("tls");
  Result<ServerPki> pki = EnsureServerPki(options);
  REQUIRE(pki.ok());
  Result<IssuedCert> issued =
      IssueClientCert(*pki, "alice", {"dev", "system:authenticated"}, std::chrono::hours(24));
  REQUIRE_MESSAGE(issued.ok(), issued.status().ToString());
  Cert cert = ParseCert(issued->cert_pem);
  CHECK(SubjectEntries(cert.get(), NID_commonName) == std::vector<std::string>{"alice"});
  CHECK(SubjectEntries(cert.get(), NID_organizationName) ==
        std::vector<std::string>{"dev", "system:authenticated"});
  CHECK((X509_get_extended_key_usage(cert.get()) & XKU_SSL_CLIENT) != 0);
  CHECK(Verifies(issued->cert_pem, Slurp(pki->client_ca_cert), X509_PURPOSE_SSL_CLIENT));
  CHECK_FALSE(Verifies(issued->cert_pem, Slurp(pki->server_ca_cert), X509_PURPOSE_SSL_CLIENT));
  CHECK(issued->key_pem.find("PRIVATE KEY") != std::string::npos);

  Cert admin = ParseCert(Slurp(pki->admin_cert));
  CHECK(SubjectEntries(admin.get(), NID_commonName) == std::vector<std::string>{"system:admin"});
  CHECK(SubjectEntries(admin.get(), NID_organizationName) ==
        std::vector<std::string>{"system:masters"});
  CHECK(Verifies(Slurp(pki->admin_cert), Slurp(pki->client_ca_cert), X509_PURPOSE_SSL_CLIENT));

  // Serials are random.
  Result<IssuedCert> again = IssueClientCert(*pki, "alice", {}, std::chrono::hours(24));
  REQUIRE(again.ok());
  Cert cert2 = ParseCert(again->cert_pem);
  CHECK(ASN1_INTEGER_cmp(X509_get0_serialNumber(cert.get()), X509_get0_serialNumber(cert2.get())) !=
        0);
}

TEST_CASE("errors name the file and CAs are never replaced") {
  TempDir tmp("pki");
  ServerPkiOptions options;
  options.dir = tmp.File("tls");
  REQUIRE(EnsureServerPki(options).ok());
  std::string key = options.dir + "/client-ca.key";
  REQUIRE(unlink(key.c_str()) == 0);
  Result<ServerPki> r = EnsureServerPki(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find(key) != std::string::npos);

  TempDir tmp2("pki");
  options.dir = tmp2.File("tls");
  REQUIRE(EnsureServerPki(options).ok());
  std::string crt = options.dir + "/server-ca.crt";
  REQUIRE(WriteFileAtomic(crt, "garbage", 0644).ok());
  r = EnsureServerPki(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find(crt) != std::string::npos);

  options.ip_addresses = {"not-an-ip"};
  r = EnsureServerPki(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().IsInvalid());
  CHECK(r.status().message().find("not-an-ip") != std::string::npos);
}

TEST_CASE("WriteFileAtomic creates the directory, sets the mode and replaces the file") {
  TempDir tmp("pki");
  std::string path = tmp.File("a/b/c.txt");
  REQUIRE(WriteFileAtomic(path, "one", 0600).ok());
  CHECK(Slurp(path) == "one");
  CHECK(Mode(path) == 0600);
  REQUIRE(WriteFileAtomic(path, "two", 0644).ok());
  CHECK(Slurp(path) == "two");
  CHECK(Mode(path) == 0644);
  Status s = WriteFileAtomic(tmp.File("a/b/c.txt/under-a-file"), "x", 0600);
  CHECK_FALSE(s.ok());
  CHECK(s.message().find("under-a-file") != std::string::npos);
}

KubeconfigOptions AdminKubeconfig(const ServerPki& pki) {
  KubeconfigOptions k;
  k.server_url = "https://127.0.0.1:6443";
  k.ca_cert_pem = Slurp(pki.server_ca_cert);
  k.client_cert_pem = Slurp(pki.admin_cert);
  k.client_key_pem = Slurp(pki.admin_key);
  k.name = "k1s-test";
  return k;
}

TEST_CASE("RenderKubeconfig emits a standard kubeconfig") {
  TempDir tmp("pki");
  ServerPkiOptions options;
  options.dir = tmp.File("tls");
  Result<ServerPki> pki = EnsureServerPki(options);
  REQUIRE(pki.ok());
  KubeconfigOptions k = AdminKubeconfig(*pki);
  YAML::Node doc = YAML::Load(RenderKubeconfig(k));
  CHECK(doc["apiVersion"].as<std::string>() == "v1");
  CHECK(doc["kind"].as<std::string>() == "Config");
  CHECK(doc["current-context"].as<std::string>() == "k1s-test");
  REQUIRE(doc["clusters"].size() == 1);
  CHECK(doc["clusters"][0]["name"].as<std::string>() == "k1s-test");
  CHECK(doc["clusters"][0]["cluster"]["server"].as<std::string>() == k.server_url);
  CHECK(
      DecodeBase64(doc["clusters"][0]["cluster"]["certificate-authority-data"].as<std::string>()) ==
      k.ca_cert_pem);
  REQUIRE(doc["contexts"].size() == 1);
  CHECK(doc["contexts"][0]["name"].as<std::string>() == "k1s-test");
  CHECK(doc["contexts"][0]["context"]["cluster"].as<std::string>() == "k1s-test");
  CHECK(doc["contexts"][0]["context"]["user"].as<std::string>() == "k1s-test");
  REQUIRE(doc["users"].size() == 1);
  CHECK(doc["users"][0]["name"].as<std::string>() == "k1s-test");
  CHECK(DecodeBase64(doc["users"][0]["user"]["client-certificate-data"].as<std::string>()) ==
        k.client_cert_pem);
  CHECK(DecodeBase64(doc["users"][0]["user"]["client-key-data"].as<std::string>()) ==
        k.client_key_pem);

  k.name = "odd: \"name\" #1";
  YAML::Node odd = YAML::Load(RenderKubeconfig(k));
  CHECK(odd["current-context"].as<std::string>() == k.name);
}

TEST_CASE("kubectl reads the kubeconfig") {
  if (access("/usr/bin/kubectl", X_OK) != 0) {
    MESSAGE("kubectl not installed; skipped");
    return;
  }
  TempDir tmp("pki");
  ServerPkiOptions options;
  options.dir = tmp.File("tls");
  Result<ServerPki> pki = EnsureServerPki(options);
  REQUIRE(pki.ok());
  std::string path = tmp.File("kubeconfig.yaml");
  REQUIRE(WriteFileAtomic(path, RenderKubeconfig(AdminKubeconfig(*pki)), 0600).ok());
  std::string cmd = "/usr/bin/kubectl config view --kubeconfig " + path +
                    " -o jsonpath='{.contexts[0].name}' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  char buf[256];
  while (size_t n = fread(buf, 1, sizeof(buf), p)) out.append(buf, n);
  int rc = pclose(p);
  CHECK_MESSAGE(rc == 0, out);
  CHECK(out == "k1s-test");

  // --raw keeps the embedded data; kubectl must see the same client certificate.
  cmd = "/usr/bin/kubectl config view --raw --kubeconfig " + path +
        " -o jsonpath='{.users[0].user.client-certificate-data}' 2>/dev/null";
  p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  out.clear();
  while (size_t n = fread(buf, 1, sizeof(buf), p)) out.append(buf, n);
  CHECK(pclose(p) == 0);
  CHECK(DecodeBase64(out) == Slurp(pki->admin_cert));
}

}  // namespace
}  // namespace k1s::pki
