#include "pkg/cli/validators.h"

#include <doctest/doctest.h>

namespace k1s::cli {
namespace {

Value S(const char* s) { return Value(std::string(s)); }

TEST_CASE("https URLs") {
  for (const char* ok :
       {"", "https://10.0.0.1:6443", "https://k1s.example", "https://[fd00::1]:6443/"}) {
    CAPTURE(ok);
    CHECK(ValidateHttpsUrl(S(ok)).ok());
  }
  for (const char* bad :
       {"http://10.0.0.1:6443", "10.0.0.1:6443", "https://", "https://:6443", "https://a b"}) {
    CAPTURE(bad);
    CHECK(ValidateHttpsUrl(S(bad)).IsInvalid());
  }
}

TEST_CASE("DNS subdomains") {
  for (const char* ok : {"", "node-1", "cluster.local", "a", "pi4.lab.example"}) {
    CAPTURE(ok);
    CHECK(ValidateDnsSubdomain(S(ok)).ok());
  }
  for (const char* bad : {"Node1", "-a", "a-", "a..b", ".a", "a.", "under_score", "sp ace"}) {
    CAPTURE(bad);
    CHECK(ValidateDnsSubdomain(S(bad)).IsInvalid());
  }
  CHECK(ValidateDnsSubdomain(Value(std::string(254, 'a'))).IsInvalid());
}

}  // namespace
}  // namespace k1s::cli
