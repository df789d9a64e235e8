#include "pkg/apiserver/authz.h"

#include "pkg/apiserver/api_status.h"
#include "pkg/apiserver/object_storage.h"

namespace k1s::apiserver {

namespace {

constexpr const char* kPrivilegedGroup = "system:masters";
// Store reads in pages, so that a namespace with many pods is never held in
// memory at once.
constexpr int64_t kPageSize = 500;

// Whether `name` could be a path segment (path.IsValidPathSegmentName).
bool IsPathSegmentName(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
         name.find('%') == std::string::npos;
}

}  // namespace

// What the Node authorizer reads, straight from the store at decision time
// (see node_authorizer.h for why no graph is kept). Pods bound to a node are
// found by a scan of the namespace's pods that parses only those whose stored
// text names the node.
class Authorizer::StoreNodeObjects final : public auth::NodeObjects {
 public:
  StoreNodeObjects(store::Store& store, const api::Registry& registry)
      : store_(store),
        pods_(registry.Find("", "v1", "pods")),
        claims_(registry.Find("", "v1", "persistentvolumeclaims")),
        volumes_(registry.Find("", "v1", "persistentvolumes")),
        attachments_(registry.Find("storage.k8s.io", "v1", "volumeattachments")) {}

  Status VisitPodsOn(const std::string& node, const std::string& ns,
                     const std::function<bool(const Json&)>& visit) const override {
    if (pods_ == nullptr) return Status::Ok();
    // Objects are stored as compact JSON: a pod bound to the node holds
    // exactly this text (it may also appear elsewhere, hence the check).
    const std::string needle = "\"nodeName\":" + Json(node).dump();
    return Scan(pods_->StoragePrefix(ns), [&](const store::KeyValue& kv, bool* more) -> Status {
      if (kv.value.find(needle) == std::string::npos) return Status::Ok();
      K1S_ASSIGN_OR_RETURN(Json pod, ObjectStorage::Decode(kv));
      const Json& spec = pod.value("spec", Json::object());
      if (spec.is_object() && spec.value("nodeName", "") == node) *more = visit(pod);
      return Status::Ok();
    });
  }

  Result<Json> Get(const std::string& group, const std::string& resource, const std::string& ns,
                   const std::string& name) const override {
    const api::Resource* r = nullptr;
    if (group.empty() && resource == "pods") r = pods_.get();
    if (group.empty() && resource == "persistentvolumeclaims") r = claims_.get();
    if (group.empty() && resource == "persistentvolumes") r = volumes_.get();
    if (group == "storage.k8s.io" && resource == "volumeattachments") r = attachments_.get();
    if (r == nullptr) return Status::NotFound(resource + " are not served");
    return ObjectStorage(store_).Get(*r, ns, name);
  }

  Status VisitPersistentVolumes(const std::function<bool(const Json&)>& visit) const override {
    if (volumes_ == nullptr) return Status::Ok();
    return Scan(volumes_->StoragePrefix(), [&](const store::KeyValue& kv, bool* more) -> Status {
      K1S_ASSIGN_OR_RETURN(Json pv, ObjectStorage::Decode(kv));
      *more = visit(pv);
      return Status::Ok();
    });
  }

 private:
  // Calls each(kv, &more) for every key under `prefix`, page by page, until
  // it sets more to false.
  Status Scan(const std::string& prefix,
              const std::function<Status(const store::KeyValue&, bool*)>& each) const {
    store::ListOptions options;
    options.limit = kPageSize;
    while (true) {
      K1S_ASSIGN_OR_RETURN(store::ListResult page, store_.List(prefix, options));
      for (const store::KeyValue& kv : page.items) {
        bool more = true;
        K1S_RETURN_IF_ERROR(each(kv, &more));
        if (!more) return Status::Ok();
      }
      if (page.continue_token.empty()) return Status::Ok();
      options.continue_token = page.continue_token;
    }
  }

  store::Store& store_;
  const std::shared_ptr<const api::Resource> pods_, claims_, volumes_, attachments_;
};

Authorizer::Authorizer() = default;
Authorizer::~Authorizer() = default;

Status Authorizer::EnableRbac(store::Store& store, Logger log) {
  K1S_ASSIGN_OR_RETURN(rbac_, auth::RbacWatcher::Start(store, std::move(log)));
  return Status::Ok();
}

void Authorizer::EnableNode(store::Store& store, const api::Registry& registry) {
  node_objects_ = std::make_unique<StoreNodeObjects>(store, registry);
  node_ = std::make_unique<auth::NodeAuthorizer>(*node_objects_);
}

auth::Decision Authorizer::Authorize(const auth::Attributes& attributes) const {
  if (rbac_ == nullptr || attributes.user.InGroup(kPrivilegedGroup)) return {true, ""};
  std::string reasons;
  if (node_ != nullptr) {
    auth::Decision decision = node_->Authorize(attributes);
    if (decision.allowed) return decision;
    reasons = decision.reason;
  }
  auth::Decision decision = rbac_->policy().Authorize(attributes);
  if (!decision.allowed) {
    // The watch may not have delivered a Role or binding written just before
    // this request: catch up once so a client reads its own writes.
    rbac_->CatchUp();
    decision = rbac_->policy().Authorize(attributes);
  }
  if (decision.allowed) return decision;
  if (!decision.reason.empty()) reasons += (reasons.empty() ? "" : "\n") + decision.reason;
  return {false, reasons};
}

std::vector<auth::PolicyRule> Authorizer::RulesFor(const auth::User& user, const std::string& ns) const {
  if (rbac_ == nullptr) {
    return {auth::PolicyRule{{"*"}, {"*"}, {"*"}, {}, {}}, auth::PolicyRule{{"*"}, {}, {}, {}, {"*"}}};
  }
  rbac_->CatchUp();
  return rbac_->policy().RulesFor(user, ns);
}

std::string Authorizer::RulesEvaluationError(const auth::User& user) const {
  if (rbac_ == nullptr || node_ == nullptr || user.InGroup(kPrivilegedGroup)) return "";
  if (!auth::NodeIdentity(user)) return "";
  return "node authorizer does not support user rule resolution";
}

auth::Attributes RequestAttributes(const RequestInfo& info, const UserInfo& user, const http::Request* request) {
  auth::Attributes a;
  a.user = user;
  a.verb = info.verb;
  a.path = info.path;
  a.resource_request = info.is_resource_request;
  if (!a.resource_request) return a;
  a.api_group = info.group;
  a.resource = info.resource;
  // A proxy path after the subresource is not part of what is authorized.
  a.subresource = info.subresource.substr(0, info.subresource.find('/'));
  a.namespace_name = info.namespace_name;
  a.name = info.name;
  const bool collection = a.verb == "list" || a.verb == "watch" || a.verb == "deletecollection";
  if (request != nullptr && collection) {
    std::optional<std::string> text = request->Query("fieldSelector");
    auto selector = FieldSelector::Parse(text.value_or(""));
    // A selector that does not parse selects nothing the authorizers look
    // at; the list itself then answers 400.
    if (selector.ok()) a.field_selector = selector->requirements();
    if (selector.ok() && a.name.empty() && a.verb != "deletecollection") {
      std::optional<std::string> name = selector->RequiredValue("metadata.name");
      if (name && IsPathSegmentName(*name)) a.name = *name;
    }
  }
  return a;
}

http::Reply ForbiddenReply(const auth::Attributes& attributes, const std::string& reason) {
  StatusDetails details;
  if (attributes.resource_request) details = {attributes.name, attributes.api_group, attributes.resource};
  Status status = Status::Forbidden(auth::ForbiddenMessage(attributes, reason));
  return http::Reply(http::Response::Json(HttpStatusCode(status), StatusObject(status, details).dump()));
}

}  // namespace k1s::apiserver
