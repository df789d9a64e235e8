#include "pkg/simnode/profile.h"

#include <doctest/doctest.h>

namespace k1s::simnode {

TEST_CASE("a profile gives kinds with defaults filled in") {
  auto kinds = ParseProfile(R"(
kinds:
- namePrefix: gpu-
  count: 2
  capacity: {cpu: "64", nvidia.com/gpu: "8"}
  allocatable: {cpu: "63"}
  labels: {pool: gpu}
  taints: [{key: gpu, value: "true", effect: NoSchedule}]
- count: 3
)", "p.yaml");
  REQUIRE(kinds.ok());
  REQUIRE(kinds->size() == 2);
  const NodeKind& gpu = (*kinds)[0];
  CHECK(gpu.name_prefix == "gpu-");
  CHECK(gpu.count == 2);
  CHECK(gpu.capacity.at("cpu") == "64");
  CHECK(gpu.capacity.at("memory") == "256Gi");  // default kept
  CHECK(gpu.capacity.at("nvidia.com/gpu") == "8");
  CHECK(gpu.allocatable.at("cpu") == "63");
  CHECK(gpu.labels.at("pool") == "gpu");
  CHECK(gpu.taints[0]["effect"] == "NoSchedule");
  CHECK((*kinds)[1].name_prefix == "sim-node-");
}

TEST_CASE("bad profiles name the field in one line") {
  auto error = [](const char* yaml) {
    auto r = ParseProfile(yaml, "p.yaml");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find('\n') == std::string::npos);
    return r.status().message();
  };
  CHECK(error("kinds: [{count: -1}]").find("kinds[0].count") != std::string::npos);
  CHECK(error("kinds: [{cuont: 1}]").find("cuont: unknown field") != std::string::npos);
  CHECK(error("kinds: [{count: 1, capacity: {cpu: lots}}]").find("capacity.cpu") != std::string::npos);
  CHECK(error("kinds: [{count: 1, taints: [{key: a, effect: Never}]}]").find("taints[0].effect") !=
        std::string::npos);
  CHECK(error("kinds: [{count: 1, namePrefix: Big}]").find("namePrefix") != std::string::npos);
  CHECK(error("kinds: [{count: 1}, {count: 2}]").find("used by an earlier kind") != std::string::npos);
  CHECK(error("kinds: [").find("not valid YAML") != std::string::npos);
  CHECK(error("nodes: []").find("unknown field") != std::string::npos);
  CHECK(error("kinds: []").find("non-empty") != std::string::npos);
}

TEST_CASE("default nodes and profile counts") {
  auto kinds = ResolveKinds(3, "");
  REQUIRE(kinds.ok());
  REQUIRE(kinds->size() == 1);
  CHECK((*kinds)[0].count == 3);
  CHECK((*kinds)[0].capacity.at("pods") == "110");
  CHECK(ResolveKinds(0, "")->empty());
  CHECK_FALSE(ResolveKinds(1, "/nonexistent/profile.yaml").ok());
}

TEST_CASE("node names are zero-padded") {
  CHECK(NodeName("sim-node-", 1, 3) == "sim-node-0001");
  CHECK(NodeName("sim-node-", 12345, 20000) == "sim-node-12345");
  CHECK(NodeName("n-", 7, 100000) == "n-000007");
}

}  // namespace k1s::simnode
