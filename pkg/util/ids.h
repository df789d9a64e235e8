// Identifiers the API assigns: object UIDs and generateName suffixes.
#pragma once

#include <string>

namespace k1s {

// A random (version 4) UUID in its canonical 36-character form.
std::string NewUid();
// `n` random characters from the alphabet Kubernetes uses for generateName
// suffixes (consonants and digits that cannot spell words).
std::string RandomNameSuffix(int n = 5);

}  // namespace k1s
