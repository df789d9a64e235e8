#include "pkg/simnode/simulated_nodes.h"

#include "pkg/simnode/simulator.h"
#include "pkg/util/version.h"

namespace k1s::simnode {

Result<std::unique_ptr<SimulatedNodes>> SimulatedNodes::Start(const SimulatedNodesOptions& options,
                                                              const ClientFactory& clients,
                                                              client::InformerFactory& informers,
                                                              const Clock& clock, Logger log) {
  K1S_ASSIGN_OR_RETURN(std::vector<NodeKind> kinds, ResolveKinds(options.count, options.profile_file));
  auto sim = std::make_unique<Simulator>(options, std::move(kinds), clock, log);
  K1S_RETURN_IF_ERROR(sim->Init(clients));
  sim->Attach(informers);
  sim->Run();
  return std::unique_ptr<SimulatedNodes>(std::move(sim));
}

Simulator::Simulator(const SimulatedNodesOptions& options, std::vector<NodeKind> kinds, const Clock& clock,
                     Logger log)
    : options_(options), kinds_(std::move(kinds)), clock_(clock), log_(std::move(log)),
      queue_(std::make_unique<client::WorkQueue>(clock, std::chrono::milliseconds(5), std::chrono::seconds(30))) {}

Status Simulator::Init(const ClientFactory& clients) {
  int total = 0;
  for (const NodeKind& k : kinds_) total += k.count;
  const std::string user_agent = "kubelet/" + std::string(KubernetesVersion()) + " (linux/amd64) k1s-simulated";
  for (const NodeKind& kind : kinds_) {
    for (int i = 1; i <= kind.count; ++i) {
      auto node = std::make_unique<SimNode>();
      node->id.index = static_cast<int>(nodes_.size());
      node->id.name = NodeName(kind.name_prefix, i, kind.count);
      node->id.kind = &kind;
      node->id.internal_ip = SimulatedNodeIp(node->id.index);
      K1S_ASSIGN_OR_RETURN(cli::Cidr range, SimulatedPodCidr(options_.cluster_cidr, node->id.index, total));
      node->id.pod_cidr = range.ToString();
      if (!by_name_.emplace(node->id.name, node.get()).second) {
        return Status::Invalid("two simulated nodes would be named " + node->id.name);
      }
      node->client = clients({"system:node:" + node->id.name, {"system:nodes"}}, user_agent);
      nodes_.push_back(std::move(node));
    }
  }
  return Status::Ok();
}

void Simulator::Attach(client::InformerFactory& informers) {
  if (nodes_.empty()) return;
  pods_ = &informers.For(client::resources::kPods);
  pods_->AddIndex(client::kPodsByNodeIndex, client::PodNodeNameIndex);
  pods_->AddEventHandler({[this](const client::ObjectPtr& p) { OnPod(p); },
                          [this](const client::ObjectPtr& old_pod, const client::ObjectPtr& p) {
                            // Our own status writes come back as updates; only
                            // what steers the simulation needs a sync.
                            if (SteersSimulation(*old_pod, *p)) OnPod(p);
                          },
                          [this](const client::ObjectPtr& p) { OnPod(p); }});
  SimulatedPodStreamsOptions stream_options;
  stream_options.get_pod = [pods = pods_](const std::string& ns, const std::string& name) -> std::optional<Json> {
    client::ObjectPtr pod = pods->Get(ns, name);
    if (pod == nullptr) return std::nullopt;
    return *pod;
  };
  stream_options.host_exec = options_.host_exec;
  stream_options.work_dir = options_.exec_work_dir;
  streams_ = std::make_unique<SimulatedPodStreams>(std::move(stream_options));
  node_informer_ = &informers.For(client::resources::kNodes);
  node_informer_->AddEventHandler({nullptr,
                                   [this](const client::ObjectPtr& o, const client::ObjectPtr& n) { OnNode(o, n); },
                                   [this](const client::ObjectPtr& n) { OnNode(n, nullptr); }});
}

void Simulator::Run() {
  if (nodes_.empty()) return;
  log_.Info("registering ", nodes_.size(), " simulated nodes");
  for (const auto& node : nodes_) queue_->Add("r:" + std::to_string(node->id.index));
  workers_ = std::make_unique<client::Workers>(*queue_, options_.workers,
                                               [this](const std::string& key) { return Sync(key); }, log_);
}

void Simulator::Stop() {
  if (workers_ != nullptr) workers_->Stop();
  queue_->ShutDown();
}

Status Simulator::Sync(const std::string& key) {
  if (key.size() < 3 || key[1] != ':') return Status::Internal("bad simulated node key " + key);
  if (key[0] == 'p') return SyncPod(key.substr(2));
  size_t index = std::stoul(key.substr(2));
  if (index >= nodes_.size()) return Status::Internal("no simulated node " + key);
  SimNode& node = *nodes_[index];
  switch (key[0]) {
    case 'r':
      return SyncRegister(node);
    case 'l':
      return SyncLease(node);
    case 's':
      return SyncNodeStatus(node);
    default:
      return Status::Internal("bad simulated node key " + key);
  }
}

SimNode* Simulator::NodeNamed(const std::string& name) {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

bool Simulator::HeartbeatOn(const SimNode& node) const {
  if (node_informer_ == nullptr) return true;
  client::ObjectPtr n = node_informer_->Get("", node.id.name);
  if (n == nullptr) return true;
  const Json& annotations = Sub(Sub(*n, "metadata"), "annotations");
  auto it = annotations.find(kHeartbeatAnnotation);
  return it == annotations.end() || !it->is_string() || it->get<std::string>() != "false";
}

void Simulator::OnPod(const client::ObjectPtr& pod) {
  auto spec = pod->find("spec");
  if (spec == pod->end() || !by_name_.contains(spec->value("nodeName", ""))) return;
  queue_->Add("p:" + client::ObjectKey(*pod));
}

void Simulator::OnNode(const client::ObjectPtr& old_node, const client::ObjectPtr& node) {
  const Json& any = node != nullptr ? *node : *old_node;
  SimNode* sim = NodeNamed(Sub(any, "metadata").value("name", ""));
  if (sim == nullptr) return;
  const std::string index = std::to_string(sim->id.index);
  if (node == nullptr) {
    // Deleted by someone: this node's kubelet is gone with it.
    std::lock_guard<std::mutex> lock(mu_);
    if (sim->registered) registered_count_--;
    sim->registered = false;
    log_.Warning("simulated node ", sim->id.name, " was deleted; it stops reporting");
    return;
  }
  auto heartbeat = [](const Json& n) {
    return Sub(Sub(n, "metadata"), "annotations").value(kHeartbeatAnnotation, "");
  };
  if (heartbeat(*old_node) == heartbeat(*node)) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    sim->lease_due = sim->status_due = TimePoint();
    if (heartbeat(*node) != "false") sim->conditions_since = clock_.Now();
  }
  log_.Info("simulated node ", sim->id.name, " heartbeat ", heartbeat(*node) == "false" ? "stopped" : "resumed");
  queue_->Add("l:" + index);
  queue_->Add("s:" + index);
}

std::chrono::steady_clock::duration Simulator::Until(TimePoint t) const {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(t - clock_.Now());
}

bool SteersSimulation(const Json& old_pod, const Json& pod) {
  const Json& om = Sub(old_pod, "metadata");
  const Json& nm = Sub(pod, "metadata");
  return om.value("uid", "") != nm.value("uid", "") || Sub(om, "annotations") != Sub(nm, "annotations") ||
         om.value("deletionTimestamp", "") != nm.value("deletionTimestamp", "") ||
         Sub(old_pod, "spec").value("nodeName", "") != Sub(pod, "spec").value("nodeName", "");
}

}  // namespace k1s::simnode
