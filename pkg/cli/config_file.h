// The YAML config file: a mapping of flag names (without dashes) to a scalar
// or a list of scalars, e.g.
//   data-dir: /srv/k1s
//   tls-san: [k1s.example.com, 10.0.0.5]
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pkg/util/result.h"

namespace k1s::cli {

struct ConfigEntry {
  std::string key;
  std::vector<std::string> values;  // one item for a scalar
  bool is_list = false;
};

// Entries in file order; a key with an empty (null) value is left out. An
// empty file has no entries. NotFound if the file does not exist; IOError if
// it cannot be read; Invalid, naming `path` and the line, if it is not YAML
// or not a mapping of keys to scalars or lists of scalars.
Result<std::vector<ConfigEntry>> LoadConfigFile(const std::string& path);

// The same for text already read; `path` only names it in messages.
Result<std::vector<ConfigEntry>> ParseConfigYaml(std::string_view text, const std::string& path);

}  // namespace k1s::cli
