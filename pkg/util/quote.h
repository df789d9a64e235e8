// Double-quoting strings for messages and YAML.
#pragma once

#include <string>
#include <string_view>

namespace k1s {

// `s` in double quotes with `"` and `\` escaped and control bytes as \xNN:
// close to Go's %q for ASCII, and a valid YAML double-quoted scalar.
std::string DoubleQuote(std::string_view s);

}  // namespace k1s
