// Scheduler::Start and the informer side of SchedulerImpl: parsing events
// into the cache and the queue.
#include "pkg/scheduler/scheduler.h"

#include "pkg/scheduler/scheduler_impl.h"
#include "pkg/util/json_fields.h"

namespace k1s::scheduler {

using client::Json;
using client::ObjectPtr;

Result<std::unique_ptr<Scheduler>> Scheduler::Start(const SchedulerOptions& options, client::Client& client,
                                                    client::InformerFactory& informers, const Clock& clock,
                                                    Logger log) {
  Profile profile;
  profile.scheduler_name = options.scheduler_name;
  if (!options.config_file.empty()) {
    K1S_ASSIGN_OR_RETURN(profile, LoadProfile(options.config_file, options.scheduler_name));
  }
  if (options.percentage_of_nodes_to_score > 0) {
    profile.percentage_of_nodes_to_score = options.percentage_of_nodes_to_score;
  }
  auto s = std::make_unique<SchedulerImpl>(options, std::move(profile), client, informers, clock, std::move(log));
  K1S_RETURN_IF_ERROR(s->Init());
  return std::unique_ptr<Scheduler>(std::move(s));
}

SchedulerImpl::SchedulerImpl(const SchedulerOptions& options, Profile profile, client::Client& client,
                             client::InformerFactory& informers, const Clock& clock, Logger log)
    : options_(options),
      profile_(std::move(profile)),
      client_(client),
      informers_(informers),
      clock_(clock),
      log_(std::move(log)) {}

SchedulerImpl::~SchedulerImpl() { Stop(); }

Status SchedulerImpl::Init() {
  pods_ = &informers_.For(client::resources::kPods);
  nodes_ = &informers_.For(client::resources::kNodes);
  namespaces_ = &informers_.For(client::resources::kNamespaces);
  services_ = &informers_.For(client::resources::kServices);
  pvcs_ = &informers_.For(client::resources::kPersistentVolumeClaims);
  pvs_ = &informers_.For(client::resources::kPersistentVolumes);
  storage_classes_ = &informers_.For(client::resources::kStorageClasses);
  priority_classes_ = &informers_.For(client::resources::kPriorityClasses);

  cache_ = std::make_unique<Cache>([this](const std::string& ns) {
    Labels out;
    if (ObjectPtr o = namespaces_->Get("", ns)) {
      const Json& labels = (*o)["metadata"].value("labels", Json::object());
      for (auto it = labels.begin(); it != labels.end(); ++it) {
        if (it.value().is_string()) out[it.key()] = it.value().get<std::string>();
      }
    }
    return out;
  });
  queue_ = std::make_unique<SchedulingQueue>(clock_);
  PluginContext ctx;
  ctx.get_pvc = [this](const std::string& ns, const std::string& name) { return pvcs_->Get(ns, name); };
  ctx.get_pv = [this](const std::string& name) { return pvs_->Get("", name); };
  ctx.get_storage_class = [this](const std::string& name) { return storage_classes_->Get("", name); };
  ctx.service_selectors = [this](const Pod& pod) { return ServiceSelectors(pod); };
  ctx.resources_scoring = profile_.resources_scoring;
  K1S_ASSIGN_OR_RETURN(framework_, Framework::Create(profile_, ctx));
  algorithm_ = std::make_unique<Algorithm>(*framework_, profile_.percentage_of_nodes_to_score);
  events_ = std::make_unique<client::EventRecorder>(client_, options_.scheduler_name, clock_, log_.Child("events"));

  {
    std::lock_guard<std::mutex> lock(gate_->mu);
    gate_->target = this;
  }
  auto gate = gate_;
  auto with = [gate](auto&& f) {
    std::lock_guard<std::mutex> lock(gate->mu);
    if (gate->target != nullptr) f(*gate->target);
  };
  nodes_->AddEventHandler(
      {[with](const ObjectPtr& o) { with([&](SchedulerImpl& s) { s.OnNodeAdd(o); }); },
       [with](const ObjectPtr& a, const ObjectPtr& b) { with([&](SchedulerImpl& s) { s.OnNodeUpdate(a, b); }); },
       [with](const ObjectPtr& o) { with([&](SchedulerImpl& s) { s.OnNodeDelete(o); }); }});
  pods_->AddEventHandler(
      {[with](const ObjectPtr& o) { with([&](SchedulerImpl& s) { s.OnPodAdd(o); }); },
       [with](const ObjectPtr& a, const ObjectPtr& b) { with([&](SchedulerImpl& s) { s.OnPodUpdate(a, b); }); },
       [with](const ObjectPtr& o) { with([&](SchedulerImpl& s) { s.OnPodDelete(o); }); }});
  // New or changed volumes can make a waiting pod fit.
  client::EventHandler volumes{[with](const ObjectPtr&) { with([](SchedulerImpl& s) { s.queue_->MoveAllToActiveOrBackoff(); }); },
                               [with](const ObjectPtr&, const ObjectPtr&) {
                                 with([](SchedulerImpl& s) { s.queue_->MoveAllToActiveOrBackoff(); });
                               },
                               nullptr};
  pvcs_->AddEventHandler(volumes);
  pvs_->AddEventHandler(volumes);

  loop_ = std::thread([this] { Loop(); });
  constexpr int kBinders = 16;
  for (int i = 0; i < kBinders; ++i) binders_.emplace_back([this] { WriterLoop(); });
  log_.Info("scheduler ", options_.scheduler_name, " started");
  return Status::Ok();
}

void SchedulerImpl::Stop() {
  {
    std::lock_guard<std::mutex> lock(gate_->mu);
    gate_->target = nullptr;
  }
  stopping_ = true;
  if (queue_ != nullptr) queue_->Close();
  {
    std::lock_guard<std::mutex> lock(bind_mu_);
    bind_closed_ = true;
  }
  bind_cv_.notify_all();
  if (loop_.joinable()) loop_.join();
  for (std::thread& t : binders_) {
    if (t.joinable()) t.join();
  }
  binders_.clear();
  if (events_ != nullptr) events_->Stop();
}

bool SchedulerImpl::Responsible(const Pod& pod) const {
  return pod.scheduler_name == options_.scheduler_name && !pod.deleting && !pod.terminal && !pod.gated;
}

int32_t SchedulerImpl::ResolvePriority(const Pod& pod) const {
  if (pod.spec_priority) return *pod.spec_priority;
  auto value = [](const ObjectPtr& pc) {
    const Json& v = (*pc)["value"];
    return v.is_number() ? v.get<int32_t>() : 0;
  };
  if (!pod.priority_class_name.empty()) {
    ObjectPtr pc = priority_classes_->Get("", pod.priority_class_name);
    return pc == nullptr ? 0 : value(pc);
  }
  for (const ObjectPtr& pc : priority_classes_->List()) {
    if (pc->value("globalDefault", false)) return value(pc);
  }
  return 0;
}

std::vector<LabelSelector> SchedulerImpl::ServiceSelectors(const Pod& pod) const {
  std::vector<LabelSelector> out;
  for (const ObjectPtr& svc : services_->ListNamespace(pod.ns)) {
    const Json& sel = (*svc)["spec"].value("selector", Json::object());
    if (!sel.is_object() || sel.empty()) continue;
    std::map<std::string, std::string> m;
    for (auto it = sel.begin(); it != sel.end(); ++it) {
      if (it.value().is_string()) m[it.key()] = it.value().get<std::string>();
    }
    LabelSelector s = LabelSelector::FromMap(m);
    if (s.Matches(pod.labels)) out.push_back(std::move(s));
  }
  return out;
}

std::shared_ptr<Pod> SchedulerImpl::Parse(const ObjectPtr& object) const {
  std::shared_ptr<Pod> pod = ParsePod(object);
  pod->priority = ResolvePriority(*pod);
  return pod;
}

void SchedulerImpl::OnPodAdd(const ObjectPtr& object) {
  std::shared_ptr<Pod> pod = Parse(object);
  if (!pod->node_name.empty()) {
    pod->object = nullptr;  // see Pod::object
    cache_->AddOrUpdatePod(std::move(pod));
    return;
  }
  if (Responsible(*pod)) queue_->Add(std::move(pod));
}

void SchedulerImpl::OnPodUpdate(const ObjectPtr& old_object, const ObjectPtr& object) {
  std::shared_ptr<Pod> pod = Parse(object);
  if (!pod->node_name.empty()) {
    // Read in place, not parsed or copied: every status write of every
    // bound pod comes through here.
    const std::string old_node = JsonString(JsonField(*old_object, "spec"), "nodeName");
    if (old_node.empty()) queue_->Delete(pod->uid);
    const bool freed = pod->terminal && !IsTerminalPhase(JsonString(JsonField(*old_object, "status"), "phase"));
    const bool relabeled =
        JsonField(JsonField(*old_object, "metadata"), "labels") != JsonField(JsonField(*object, "metadata"), "labels");
    pod->object = nullptr;  // see Pod::object
    cache_->AddOrUpdatePod(std::move(pod));
    if (freed || relabeled) queue_->MoveAllToActiveOrBackoff();
    return;
  }
  // Still unbound: ours to schedule unless it went away (deleted, gated, ...).
  if (cache_->IsAssumed(pod->uid)) return;
  if (Responsible(*pod)) {
    queue_->Update(std::move(pod));
  } else {
    queue_->Delete(pod->uid);
  }
}

void SchedulerImpl::OnPodDelete(const ObjectPtr& object) {
  std::shared_ptr<Pod> pod = ParsePod(object);
  queue_->Delete(pod->uid);
  if (cache_->GetPod(pod->uid) != nullptr) {
    cache_->RemovePod(pod->uid);
    queue_->MoveAllToActiveOrBackoff();
  }
}

void SchedulerImpl::OnNodeAdd(const ObjectPtr& object) {
  cache_->AddOrUpdateNode(ParseNode(*object));
  queue_->MoveAllToActiveOrBackoff();
}

void SchedulerImpl::OnNodeUpdate(const ObjectPtr& old_object, const ObjectPtr& object) {
  NodePtr before = ParseNode(*old_object);
  NodePtr after = ParseNode(*object);
  cache_->AddOrUpdateNode(after);
  // Heartbeats change nothing a filter reads; only real changes wake pods.
  bool taints_changed = before->taints.size() != after->taints.size();
  for (size_t i = 0; !taints_changed && i < before->taints.size(); ++i) {
    const Taint &a = before->taints[i], &b = after->taints[i];
    taints_changed = a.key != b.key || a.value != b.value || a.effect != b.effect;
  }
  const Resources &ra = before->allocatable, &rb = after->allocatable;
  const bool resources_changed = ra.milli_cpu != rb.milli_cpu || ra.memory != rb.memory ||
                                 ra.ephemeral_storage != rb.ephemeral_storage || ra.pods != rb.pods ||
                                 ra.scalar != rb.scalar;
  if (taints_changed || resources_changed || before->labels != after->labels ||
      before->unschedulable != after->unschedulable) {
    queue_->MoveAllToActiveOrBackoff();
  }
}

void SchedulerImpl::OnNodeDelete(const ObjectPtr& object) {
  cache_->RemoveNode((*object)["metadata"].value("name", ""));
}

}  // namespace k1s::scheduler
