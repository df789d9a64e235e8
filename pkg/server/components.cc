#include "pkg/server/components.h"

#include "pkg/client/rest_client.h"
#include "pkg/pki/file_io.h"
#include "pkg/server/datastore.h"

namespace k1s::server {

namespace {
constexpr auto kCacheSyncTimeout = std::chrono::seconds(60);
}  // namespace

std::unique_ptr<client::Client> Components::ClientFor(client::Identity identity, std::string user_agent) {
  apiserver::ApiServer* api = &api_->api();
  auto transport = std::make_unique<client::InProcessTransport>(
      [api](http::Request& r) { return api->Handle(r); }, std::move(identity));
  // Components never read managedFields: their parse is skipped.
  return std::make_unique<client::RestClient>(std::move(transport), std::move(user_agent),
                                              client::RestClientOptions{.drop_managed_fields = true});
}

Status Components::Start() {
  K1S_ASSIGN_OR_RETURN(auto raw_store, StartDatastore(config_, log_.Child("store")));
  encryption::SecretsEncryptionOptions encryption_options;
  encryption_options.config_path = encryption::EncryptionConfigPath(config_.data_dir);
  encryption_options.enabled = config_.secrets_encryption;
  encryption_options.logger = log_.Child("encryption");
  auto opened = encryption::SecretsEncryption::Open(std::move(encryption_options), std::move(raw_store));
  if (!opened.ok()) return Status(opened.status().code(), "secrets encryption: " + opened.status().message());
  store_ = std::move(opened->store);
  secrets_encryption_ = std::move(opened->encryption);
  K1S_ASSIGN_OR_RETURN(api_, ApiComponent::Start(config_, *store_, clock_, log_, secrets_encryption_.get()));

  informer_client_ = ClientFor({"system:kube-controller-manager", {}}, "k1s-informers");
  informers_ = std::make_unique<client::InformerFactory>(*informer_client_, log_.Child("informers"));

  controller::ControllerManagerOptions cm;
  cm.disabled = {config_.disabled_controllers.begin(), config_.disabled_controllers.end()};
  cm.cluster_cidr = config_.cluster_cidr;
  cm.service_cidr = config_.service_cidr;
  cm.cluster_domain = config_.cluster_domain;
  cm.node_monitor_grace_period =
      std::chrono::duration_cast<std::chrono::seconds>(config_.node_monitor_grace_period);
  K1S_ASSIGN_OR_RETURN(cm.root_ca_pem, pki::internal::ReadFile(api_->pki().server_ca_cert));
  controller_client_ = ClientFor({"system:kube-controller-manager", {}}, "k1s-controller-manager");
  K1S_ASSIGN_OR_RETURN(controllers_,
                       controller::ControllerManager::Start(cm, *controller_client_, *informers_, clock_,
                                                            log_.Child("controller")));

  if (!config_.disable_scheduler) {
    scheduler_client_ = ClientFor({"system:kube-scheduler", {}}, "k1s-scheduler");
    scheduler::SchedulerOptions options;
    options.config_file = config_.scheduler_config;
    K1S_ASSIGN_OR_RETURN(scheduler_, scheduler::Scheduler::Start(options, *scheduler_client_, *informers_,
                                                                  clock_, log_.Child("scheduler")));
  }

  simnode::SimulatedNodesOptions sim{config_.simulated_nodes, config_.simulated_node_profile,
                                     config_.cluster_cidr};
  sim.host_exec = config_.simulated_node_exec;
  sim.exec_work_dir = config_.data_dir + "/simulated/exec";
  // Each simulated node acts as its own kubelet would: system:node:<name>.
  auto node_clients = [this](client::Identity id, std::string ua) { return ClientFor(std::move(id), std::move(ua)); };
  K1S_ASSIGN_OR_RETURN(simulated_nodes_, simnode::SimulatedNodes::Start(sim, node_clients, *informers_,
                                                                        clock_, log_.Child("simnode")));

  api_->api().SetPodStreamBackends([sim = simulated_nodes_.get()](const std::string& node) {
    return sim->PodStreams(node);
  });

  informers_->Start();
  if (!informers_->WaitForSync(kCacheSyncTimeout)) {
    return Status::Timeout("the informer caches did not fill within a minute");
  }
  return Status::Ok();
}

void Components::Stop(bool exiting) {
  if (simulated_nodes_ != nullptr) simulated_nodes_->Stop();
  if (scheduler_ != nullptr) scheduler_->Stop();
  if (controllers_ != nullptr) controllers_->Stop();
  // Components stopped first: nothing handles informer events any more.
  if (informers_ != nullptr) informers_->Stop();
  // The API server stops before the simulated nodes and informers go: its
  // exec, attach and log streams use them until they end.
  if (api_ != nullptr) api_->Stop();
  if (exiting) {
    // Their threads have stopped; what is left is memory, which the process
    // gives back as it ends. Freeing the cached objects one by one took 10 s
    // with 100,000 pods (bench_simulated), all of it in free().
    (void)simulated_nodes_.release();
    (void)scheduler_.release();
    (void)controllers_.release();
    (void)informers_.release();
  }
  simulated_nodes_.reset();
  scheduler_.reset();
  controllers_.reset();
  informers_.reset();
  if (api_ != nullptr) {
    api_.reset();
    log_.Info("API server stopped");
  }
  if (store_ != nullptr) {
    secrets_encryption_.reset();
    store_->Close();
    store_.reset();
    log_.Info("datastore closed");
  }
}

}  // namespace k1s::server
