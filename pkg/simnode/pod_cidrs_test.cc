#include "pkg/simnode/pod_cidrs.h"

#include <doctest/doctest.h>

namespace k1s::simnode {

TEST_CASE("simulated nodes take /24s from the end of the cluster CIDR") {
  auto cluster = cli::ParseCidr("10.42.0.0/16");
  REQUIRE(cluster.ok());
  CHECK(SimulatedPodCidr(*cluster, 0, 3)->ToString() == "10.42.255.0/24");
  CHECK(SimulatedPodCidr(*cluster, 2, 3)->ToString() == "10.42.253.0/24");
  auto big = cli::ParseCidr("10.128.0.0/12");
  CHECK(SimulatedPodCidr(*big, 0, 1000)->ToString() == "10.143.255.0/24");
  CHECK(SimulatedPodCidr(*big, 256, 1000)->ToString() == "10.142.255.0/24");
  auto v6 = cli::ParseCidr("fd00:42::/56");
  CHECK(SimulatedPodCidr(*v6, 0, 2)->ToString() == "fd00:42:0:ff::/64");
}

TEST_CASE("too many nodes for the cluster CIDR is one clear error") {
  auto cluster = cli::ParseCidr("10.42.0.0/16");
  auto r = SimulatedPodCidr(*cluster, 0, 1000);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("has 256") != std::string::npos);
}

TEST_CASE("node IPs come from the benchmarking range") {
  CHECK(SimulatedNodeIp(0) == "198.18.0.1");
  CHECK(SimulatedNodeIp(255) == "198.18.1.0");
}

TEST_CASE("the pod IP pool skips network, gateway and broadcast and reuses last") {
  PodIpPool pool(*cli::ParseCidr("10.42.7.0/24"));
  CHECK(pool.Allocate() == "10.42.7.2");
  CHECK(pool.Allocate() == "10.42.7.3");
  pool.Release("10.42.7.2");
  CHECK(pool.Allocate() == "10.42.7.4");  // round-robin
  CHECK(pool.Reserve("10.42.7.9"));
  CHECK_FALSE(pool.Reserve("10.42.7.9"));
  CHECK_FALSE(pool.Reserve("10.42.8.9"));
  int n = 0;
  while (!pool.Allocate().empty()) ++n;
  CHECK(pool.used() == 253);  // .2 to .254
  CHECK(n == 253 - 3);
}

}  // namespace k1s::simnode
