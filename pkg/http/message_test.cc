#include "pkg/http/message.h"

#include <doctest/doctest.h>

namespace k1s::http {

TEST_CASE("header names compare case-insensitively") {
  Request req;
  req.headers.emplace("Content-Type", "application/json");
  req.headers.emplace("X-Multi", "one");
  req.headers.emplace("x-multi", "two");
  CHECK(req.Header("content-type") == "application/json");
  CHECK(req.Header("X-MULTI") == "one");
  CHECK(req.headers.count("X-Multi") == 2);
  CHECK(req.Header("Missing").empty());
}

TEST_CASE("PercentDecode") {
  CHECK(PercentDecode("a%2Fb%20c", false) == "a/b c");
  CHECK(PercentDecode("a+b", false) == "a+b");
  CHECK(PercentDecode("a+b", true) == "a b");
  CHECK(PercentDecode("100%", false) == "100%");
  CHECK(PercentDecode("%zz%4", false) == "%zz%4");
  CHECK(PercentDecode("%e2%9c%93", false) == "\xe2\x9c\x93");
}

TEST_CASE("ParseQuery keeps order and repeats and decodes") {
  auto q = ParseQuery("labelSelector=app%3Dweb%2Ctier+in+(a)&watch&x=1&x=2&&=v");
  REQUIRE(q.size() == 5);
  CHECK(q[0] == std::pair<std::string, std::string>("labelSelector", "app=web,tier in (a)"));
  CHECK(q[1] == std::pair<std::string, std::string>("watch", ""));
  CHECK(q[2].second == "1");
  CHECK(q[3].second == "2");
  CHECK(q[4] == std::pair<std::string, std::string>("", "v"));
  Request req;
  req.query = q;
  CHECK(req.Query("x") == "1");
  CHECK(req.Query("watch") == "");
  CHECK(!req.Query("nope").has_value());
}

TEST_CASE("Json and Text set the content type") {
  Response j = Response::Json(201, "{}");
  CHECK(j.status == 201);
  CHECK(j.headers.find("content-type")->second == "application/json");
  Response t = Response::Text(200, "hi");
  CHECK(t.headers.find("Content-Type")->second == "text/plain; charset=utf-8");
  CHECK(t.body == "hi");
}

}  // namespace k1s::http
