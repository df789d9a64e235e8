// Namespace lifecycle in the API, as kube-apiserver's namespace storage has
// it: DELETE of a namespace whose spec.finalizers is not empty only marks it
// (deletionTimestamp, phase Terminating) for the namespace controller to
// empty; PUT .../finalize changes spec.finalizers, and removes the namespace
// once no finalizer of either kind is left; PUT .../status (and PUT) on a
// terminating namespace keep it, however its metadata.finalizers look.
#pragma once

#include "pkg/apiserver/rest.h"

namespace k1s::apiserver {

// True for the namespace requests RestNamespaceLifecycle serves.
bool IsNamespaceLifecycleRequest(const api::Resource& resource, const RequestInfo& info);
Result<http::Reply> RestNamespaceLifecycle(RestContext& ctx);

}  // namespace k1s::apiserver
