#include <doctest/doctest.h>

#include "pkg/util/result.h"
#include "pkg/util/status.h"

namespace k1s {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return Status::Invalid("odd: " + std::to_string(n));
  return n / 2;
}

Result<int> Quarter(int n) {
  K1S_ASSIGN_OR_RETURN(int half, Half(n));
  K1S_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status Check(bool fail) {
  K1S_RETURN_IF_ERROR(fail ? Status::NotFound("x") : Status::Ok());
  return Status::Conflict("reached the end");
}

TEST_CASE("Status names its code and message") {
  CHECK(Status().ok());
  CHECK(Status().ToString() == "OK");
  Status s = Status::NotFound("key /a");
  CHECK_FALSE(s.ok());
  CHECK(s.IsNotFound());
  CHECK(s.ToString() == "NotFound: key /a");
  CHECK(Status::Gone("compacted").ToString() == "Expired: compacted");
}

TEST_CASE("Result carries a value or an error and the macros propagate errors") {
  CHECK(*Quarter(8) == 2);
  Result<int> bad = Quarter(6);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().IsInvalid());
  CHECK(bad.status().message() == "odd: 3");
  CHECK(Check(true).IsNotFound());
  CHECK(Check(false).IsConflict());
}

}  // namespace
}  // namespace k1s
