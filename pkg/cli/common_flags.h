// Flags that server and agent share, so their names, defaults and variables
// can never drift apart (k3s users set them once in a shared config file).
#pragma once

#include "pkg/cli/flag.h"
#include "pkg/cli/host.h"

namespace k1s::cli {

// -c/--config [$K1S_CONFIG_FILE, $K1S_CONFIG]; not settable in a config file.
FlagSpec ConfigFlag();
// -d/--data-dir: /var/lib/k1s as root, ~/.k1s otherwise.
FlagSpec DataDirFlag(const HostInfo& host);
// --node-name [$K1S_NODE_NAME], the host name by default; a DNS subdomain.
FlagSpec NodeNameFlag(const HostInfo& host);
// --node-ip.
FlagSpec NodeIpFlag();
// -t/--token [$K1S_TOKEN]; masked by --print-config.
FlagSpec TokenFlag(std::string help);
// -s/--server [$K1S_URL]; an https:// URL.
FlagSpec ServerUrlFlag(std::string help);
// -v/--v N: log verbosity, 0 to 10.
FlagSpec VerbosityFlag();
// --print-config: print the effective flags with their sources and exit (command line only).
FlagSpec PrintConfigFlag();

}  // namespace k1s::cli
