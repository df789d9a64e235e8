#include "pkg/cli/host.h"

#include <pwd.h>
#include <unistd.h>

#include <cctype>
#include <climits>
#include <cstdlib>

namespace k1s::cli {

HostInfo CurrentHost() {
  HostInfo host;
  host.is_root = geteuid() == 0;
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    host.home = home;
  } else if (const passwd* pw = getpwuid(geteuid()); pw != nullptr && pw->pw_dir != nullptr) {
    host.home = pw->pw_dir;
  }
  char name[HOST_NAME_MAX + 1] = {};
  if (gethostname(name, sizeof(name) - 1) == 0) host.hostname = name;
  for (char& c : host.hostname) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return host;
}

}  // namespace k1s::cli
