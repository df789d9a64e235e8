#include <doctest/doctest.h>

#include "pkg/util/protowire.h"

namespace k1s::protowire {
namespace {

TEST_CASE("fields round-trip through the wire format") {
  std::string msg;
  PutVarintField(msg, 1, 300);
  PutBytesField(msg, 2, "hello");
  PutDoubleField(msg, 3, 1.5);
  PutVarintField(msg, 1000, 0);
  Reader r(msg);
  auto a = r.Next();
  REQUIRE(a);
  CHECK(a->number == 1);
  CHECK(a->varint == 300);
  auto b = r.Next();
  REQUIRE(b);
  CHECK(b->type == WireType::kBytes);
  CHECK(b->bytes == "hello");
  auto c = r.Next();
  REQUIRE(c);
  CHECK(c->type == WireType::kFixed64);
  auto d = r.Next();
  REQUIRE(d);
  CHECK(d->number == 1000);
  CHECK_FALSE(r.Next());
  CHECK_FALSE(r.error());
  CHECK(ZigZagDecode(3) == -2);
  CHECK(ZigZagDecode(4) == 2);
}

TEST_CASE("malformed input stops the reader without reading past the end") {
  for (std::string bad : {std::string("\x0a\x05hi", 4), std::string("\x08\xff\xff", 3),
                          std::string("\x00\x01", 2), std::string("\x0b", 1),
                          std::string("\x09\x01\x02", 3)}) {
    Reader r(bad);
    while (r.Next()) {
    }
    CHECK(r.error());
  }
}

}  // namespace
}  // namespace k1s::protowire
