#include "pkg/client/testing/test_cluster.h"

#include <stdexcept>

#include "pkg/client/rest_client.h"
#include "pkg/store/sqlite_store.h"

namespace k1s::client {

TestCluster::TestCluster(const Clock* clock) : registry_(api::Registry::WithBuiltins()) {
  auto opened = store::OpenSqliteStore({.path = ":memory:"});
  if (!opened.ok()) throw std::runtime_error("test store: " + opened.status().ToString());
  store_ = std::move(*opened);
  server_ = std::make_unique<apiserver::ApiServer>(apiserver::ApiServerOptions{}, *registry_,
                                                   *store_, clock != nullptr ? *clock : real_clock_, Logger());
  server_->SetReady(true);
  admin_ = ClientAs({"system:admin", {"system:masters"}}, "k1s-test-admin");
  for (const char* ns : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
    auto created = admin_->Create(resources::kNamespaces, "", Json{{"metadata", {{"name", ns}}}});
    if (!created.ok()) throw std::runtime_error("test namespace: " + created.status().ToString());
  }
  informers_ = std::make_unique<InformerFactory>(*admin_, Logger());
  informers_->Start();
}

TestCluster::~TestCluster() {
  informers_->Stop();
  store_->Close();
}

std::unique_ptr<Client> TestCluster::ClientAs(Identity identity, std::string user_agent) {
  apiserver::ApiServer* server = server_.get();
  auto transport = std::make_unique<InProcessTransport>(
      [server](http::Request& r) { return server->Handle(r); }, std::move(identity));
  return std::make_unique<RestClient>(std::move(transport), std::move(user_agent));
}

}  // namespace k1s::client
