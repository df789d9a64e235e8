// Facts about the machine that decide k3s-style defaults.
#pragma once

#include <string>

namespace k1s::cli {

struct HostInfo {
  bool is_root = false;
  std::string home;      // $HOME, else the passwd entry's home; may be empty
  std::string hostname;  // lower case, as k3s uses it for the node name
};

HostInfo CurrentHost();

}  // namespace k1s::cli
