// Resource quantities as the scheduler counts them (pkg/api/quantity.h).
#pragma once

#include "pkg/api/quantity.h"

namespace k1s::scheduler {

using api::ParseMilliQuantity;
using api::ParseQuantity;

}  // namespace k1s::scheduler
