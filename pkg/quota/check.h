// CheckRequest: what quota admission decides for one write (Kubernetes'
// resourcequota.CheckRequest): the quotas of the namespace that apply to the
// object, whether it fits in each, and each one's usage once it is charged.
#pragma once

#include <string>
#include <vector>

#include "pkg/quota/evaluator.h"

namespace k1s::quota {

struct QuotaCharge {
  size_t index = 0;   // into the quotas given
  ResourceList used;  // its status.used with the object charged
};

struct CheckOutcome {
  // Why the write is refused ("exceeded quota: ...", "failed quota: ...",
  // "status unknown for quota: ..."), worded as kube-apiserver words it
  // after `pods "web" is forbidden: `; empty when it is admitted.
  std::string refusal;
  // The quotas whose usage grows, when admitted.
  std::vector<QuotaCharge> charges;
};

// `quotas` are the namespace's ResourceQuotas as stored; `old_object` is the
// stored object on update (null on create).
CheckOutcome CheckRequest(const std::vector<Json>& quotas, const Evaluator& evaluator, const Json& object,
                          const Json* old_object, TimePoint now);

}  // namespace k1s::quota
