// File helpers for pkg/pki (WriteFileAtomic itself is in pki.h).
#pragma once

#include <string>

#include "pkg/util/result.h"

namespace k1s::pki::internal {

// The whole file; NotFound if it does not exist, IOError naming `path` otherwise.
Result<std::string> ReadFile(const std::string& path);

// Creates `dir` (and parents) if needed and sets its mode to `mode`.
Status EnsureDirectory(const std::string& dir, unsigned mode);

}  // namespace k1s::pki::internal
