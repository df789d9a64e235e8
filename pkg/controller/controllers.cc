#include "pkg/controller/controllers.h"

// One include and one line per controller.

namespace k1s::controller {

const std::vector<ControllerEntry>& ControllerTable() {
  static const std::vector<ControllerEntry> table = {
  };
  return table;
}

}  // namespace k1s::controller
