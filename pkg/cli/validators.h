// Reusable FlagSpec::validate checks. Each takes the parsed Value (a string
// for these) and returns Invalid with a reason that completes
// "invalid value ... : <reason>". An empty string passes: "unset" is the
// business of FlagSpec::required.
#pragma once

#include "pkg/cli/flag.h"
#include "pkg/util/status.h"

namespace k1s::cli {

// "https://host[:port][/path]" with a non-empty host.
Status ValidateHttpsUrl(const Value& value);

// An RFC 1123 DNS subdomain, as Kubernetes requires of node names and the
// cluster domain: lower-case alphanumerics, '-' and '.', labels start and end
// alphanumeric, at most 253 characters.
Status ValidateDnsSubdomain(const Value& value);

}  // namespace k1s::cli
