// What the Endpoints and EndpointSlice controllers share: which pods back a
// Service, and which port each Service port reaches on each pod.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pkg/client/informer.h"

namespace k1s::controller {

// True when the Service has a non-empty spec.selector; a Service without one
// has its endpoints written by someone else.
bool HasSelector(const client::Json& service);
// Pods in the Service's namespace that its selector matches.
std::vector<client::ObjectPtr> SelectedPods(const client::Informer& pods, const client::Json& service);
// Keys ("ns/name") of the Services in the pod's namespace that select it.
std::vector<std::string> ServicesSelecting(const client::Informer& services, const client::Json& pod);
// Whether a pod is an endpoint at all: it has an IP and has not finished.
// Pods being deleted count only when `include_terminating`.
bool ShouldPodBeEndpoint(const client::Json& pod, bool include_terminating);
// The pod's port for one Service port: targetPort as a number, or the
// container port of that name (nullopt if the pod has none), or the Service
// port itself when targetPort is unset.
std::optional<int> ResolveTargetPort(const client::Json& service_port, const client::Json& pod);
// The pod's primary IP ("" if none yet).
std::string PodIp(const client::Json& pod);
// Whether a pod update can change the endpoints it backs: its labels, IP,
// readiness, node, deletion or end. Other updates need no Service resynced.
bool EndpointRelevantChange(const client::Json& old_pod, const client::Json& pod);
// {"kind":"Pod","namespace","name","uid"}: an endpoint's targetRef.
client::Json PodReference(const client::Json& pod);

}  // namespace k1s::controller
