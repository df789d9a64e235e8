// pods/log, exec, attach and portforward: the API server's half. It checks
// the pod, its container and its node, as kube-apiserver does before it
// contacts the kubelet, then hands the request to the backend serving that
// node's pods (see pkg/streaming/pod_streams.h).
#include <charconv>

#include "pkg/apiserver/field_errors.h"
#include "pkg/apiserver/rest.h"
#include "pkg/streaming/port_forward.h"
#include "pkg/streaming/remote_command.h"
#include "pkg/util/time_format.h"

namespace k1s::apiserver {
namespace {

std::vector<std::string> ContainerNames(const Json& spec, const char* field) {
  std::vector<std::string> names;
  auto it = spec.find(field);
  if (it == spec.end() || !it->is_array()) return names;
  for (const Json& c : *it) names.push_back(c.value("name", ""));
  return names;
}

std::string Bracketed(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? " " : "") + names[i];
  return out + "]";
}

// The container a request names, or the only one; BadRequest as
// kube-apiserver words it otherwise.
Result<std::string> ChooseContainer(const Json& pod, const std::string& wanted) {
  const std::string name = pod["metadata"].value("name", "");
  const Json spec = pod.value("spec", Json::object());
  auto containers = ContainerNames(spec, "containers");
  auto init = ContainerNames(spec, "initContainers");
  auto ephemeral = ContainerNames(spec, "ephemeralContainers");
  if (wanted.empty()) {
    if (containers.size() == 1) return containers[0];
    std::string message = "a container name must be specified for pod " + name + ", choose one of: " +
                          Bracketed(containers);
    if (!init.empty()) message += " or one of the init containers: " + Bracketed(init);
    if (!ephemeral.empty()) message += " or one of the ephemeral containers: " + Bracketed(ephemeral);
    return Status(StatusCode::kBadRequest, message);
  }
  for (const auto* list : {&containers, &init, &ephemeral}) {
    if (std::find(list->begin(), list->end(), wanted) != list->end()) return wanted;
  }
  return Status(StatusCode::kBadRequest, "container " + wanted + " is not valid for pod " + name);
}

Result<std::optional<int64_t>> PositiveQuery(const http::Request& request, const char* name,
                                             bool zero_allowed, std::vector<StatusCause>& causes) {
  auto text = request.Query(name);
  if (!text) return std::optional<int64_t>();
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return Status(StatusCode::kBadRequest, std::string("invalid ") + name + " \"" + *text + "\"");
  }
  if (value < 0 || (value == 0 && !zero_allowed)) {
    causes.push_back(FieldInvalid(name, std::to_string(value),
                                  zero_allowed ? "must be greater than or equal to 0" : "must be greater than 0"));
  }
  return std::optional<int64_t>(value);
}

Result<streaming::LogOptions> ParseLogOptions(const http::Request& request, const Clock& clock) {
  auto flag = [&](const char* name) {
    auto v = request.Query(name);
    return v && (*v == "true" || *v == "1");
  };
  streaming::LogOptions o;
  o.container = request.Query("container").value_or("");
  o.follow = flag("follow");
  o.previous = flag("previous");
  o.timestamps = flag("timestamps");
  std::vector<StatusCause> causes;
  K1S_ASSIGN_OR_RETURN(o.tail_lines, PositiveQuery(request, "tailLines", true, causes));
  K1S_ASSIGN_OR_RETURN(o.limit_bytes, PositiveQuery(request, "limitBytes", false, causes));
  K1S_ASSIGN_OR_RETURN(auto since_seconds, PositiveQuery(request, "sinceSeconds", false, causes));
  auto since_time = request.Query("sinceTime");
  if (since_seconds && since_time) {
    causes.push_back({"FieldValueForbidden", "at most one of `sinceTime` or `sinceSeconds` may be specified", ""});
  }
  if (!causes.empty()) return InvalidObjectError("PodLogOptions", "", std::move(causes));
  if (since_seconds) o.since = clock.Now() - std::chrono::seconds(*since_seconds);
  if (since_time) {
    auto t = ParseRfc3339(*since_time);
    if (!t) return Status(StatusCode::kBadRequest, "invalid sinceTime \"" + *since_time + "\"");
    o.since = *t;
  }
  return o;
}

}  // namespace

Result<http::Reply> RestPodStream(RestContext& ctx, const streaming::PodStreamBackends& backends) {
  const std::string& sub = ctx.info.subresource;
  K1S_ASSIGN_OR_RETURN(Json pod, ctx.objects.Get(ctx.resource, ctx.info.namespace_name, ctx.info.name));
  const std::string node = pod.value("spec", Json::object()).value("nodeName", "");
  std::optional<streaming::LogOptions> log_options;
  std::optional<streaming::CommandOptions> command_options;
  std::string container;
  if (sub == "log") {
    K1S_ASSIGN_OR_RETURN(log_options, ParseLogOptions(ctx.request, ctx.clock));
    K1S_ASSIGN_OR_RETURN(container, ChooseContainer(pod, log_options->container));
    log_options->container = container;
  } else if (sub == "exec" || sub == "attach") {
    K1S_ASSIGN_OR_RETURN(command_options, streaming::ParseCommandOptions(ctx.request, sub == "exec"));
    K1S_ASSIGN_OR_RETURN(container, ChooseContainer(pod, command_options->container));
    command_options->container = container;
  }
  if (node.empty()) {
    return Status(StatusCode::kBadRequest, "pod " + ctx.info.name + " does not have a host assigned");
  }
  streaming::PodStreamBackend* backend = backends ? backends(node) : nullptr;
  if (backend == nullptr) {
    return Status(StatusCode::kUnavailable, "node \"" + node + "\" has no kubelet API that k1s can reach " +
                                                "for logs, exec, attach or port-forward");
  }
  Logger log = ctx.log.Child(sub);
  if (sub == "log") {
    K1S_ASSIGN_OR_RETURN(auto stream, backend->Logs(pod, *log_options));
    http::Response head;
    head.status = 200;
    head.headers.emplace("Content-Type", "text/plain");
    return http::Reply(std::move(head), std::move(stream));
  }
  if (sub == "exec" || sub == "attach") {
    const bool exec = sub == "exec";
    auto command = command_options->command;
    streaming::RunCommand run = [backend, pod, container, command, exec](streaming::ProcessStreams& streams) {
      return exec ? backend->Exec(pod, container, command, streams) : backend->Attach(pod, container, streams);
    };
    return streaming::ServeRemoteCommand(ctx.request, std::move(*command_options), std::move(run), log);
  }
  streaming::DialPort dial = [backend, pod](uint16_t port) { return backend->PortForward(pod, port); };
  return streaming::ServePortForward(ctx.request, std::move(dial), log);
}

}  // namespace k1s::apiserver
