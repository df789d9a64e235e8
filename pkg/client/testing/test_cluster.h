// TestCluster: a real ApiServer over a private in-memory store, reached
// through in-process Clients: what the scheduler's, controllers' and
// agents' tests run against instead of hand-written fakes of the API.
#pragma once

#include <memory>

#include "pkg/api/registry.h"
#include "pkg/apiserver/apiserver.h"
#include "pkg/client/client.h"
#include "pkg/client/informer.h"
#include "pkg/client/transport.h"
#include "pkg/store/store.h"
#include "pkg/util/clock.h"

namespace k1s::client {

class TestCluster {
 public:
  // Namespaces default, kube-system, kube-public and kube-node-lease exist.
  // The server stamps objects with `clock`; null: the real clock.
  explicit TestCluster(const Clock* clock = nullptr);
  ~TestCluster();

  // A client with the identity of a cluster admin (group system:masters).
  Client& admin() { return *admin_; }
  // A client authenticated as `identity`.
  std::unique_ptr<Client> ClientAs(Identity identity, std::string user_agent = "k1s-test");
  // Informers over admin(), started on first use of each resource.
  InformerFactory& informers() { return *informers_; }
  apiserver::ApiServer& server() { return *server_; }
  store::Store& store() { return *store_; }

 private:
  RealClock real_clock_;
  std::unique_ptr<api::Registry> registry_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<apiserver::ApiServer> server_;
  std::unique_ptr<Client> admin_;
  std::unique_ptr<InformerFactory> informers_;
};

}  // namespace k1s::client
