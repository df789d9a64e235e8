// The table of controllers: name and start function, in start order.
#pragma once

#include <vector>

#include "pkg/controller/controller.h"

namespace k1s::controller {

struct ControllerEntry {
  const char* name;  // as --disable-controller takes it, e.g. "replicaset"
  ControllerStart start;
};

const std::vector<ControllerEntry>& ControllerTable();

}  // namespace k1s::controller
