// Text for --help and --print-config.
#pragma once

#include <string>
#include <vector>

#include "pkg/cli/flag.h"
#include "pkg/cli/parsed_flags.h"

namespace k1s::cli {

// One entry per flag, Go flag-package style:
//   -d, --data-dir string
//         Folder to hold state (default "/var/lib/k1s") [$K1S_DATA_DIR]
std::string FormatFlagsHelp(const std::vector<FlagSpec>& specs);

// The effective configuration as YAML a config file could hold, one flag per
// line with its source as a comment; secrets are masked and command-line-only
// flags left out:
//   # config file: /etc/k1s/config.yaml
//   https-listen-port: 7443  # K1S_HTTPS_LISTEN_PORT
std::string FormatEffectiveConfig(const ParsedFlags& flags);

}  // namespace k1s::cli
