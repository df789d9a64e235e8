// Protobuf field tables for networking messages: field numbers, JSON names, types and
// Go omitempty/pointer shape, as published in the generated.proto and types.go
// files of k8s.io/api and k8s.io/apimachinery (v0.33). Tables of facts, one row
// per field, in the order the Go type declares them.
#include "pkg/api/proto_desc.h"

namespace k1s::api::proto {
namespace {

constexpr ProtoField kIngress[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "IngressSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "IngressStatus"},
};
constexpr ProtoField kIngressSpec[] = {
    {4, "ingressClassName", ProtoType::kString, kOmitEmpty | kPointer},
    {1, "defaultBackend", ProtoType::kMessage, kOmitEmpty | kPointer, "IngressBackend"},
    {2, "tls", ProtoType::kMessage, kOmitEmpty | kRepeated, "IngressTLS"},
    {3, "rules", ProtoType::kMessage, kOmitEmpty | kRepeated, "IngressRule"},
};
constexpr ProtoField kIngressBackend[] = {
    {4, "service", ProtoType::kMessage, kOmitEmpty | kPointer, "IngressServiceBackend"},
    {3, "resource", ProtoType::kMessage, kOmitEmpty | kPointer, "TypedLocalObjectReference"},
};
constexpr ProtoField kIngressServiceBackend[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "port", ProtoType::kMessage, kOmitEmpty, "ServiceBackendPort"},
};
constexpr ProtoField kServiceBackendPort[] = {
    {1, "name", ProtoType::kString, kOmitEmpty},
    {2, "number", ProtoType::kInt32, kOmitEmpty},
};
constexpr ProtoField kIngressTLS[] = {
    {1, "hosts", ProtoType::kString, kOmitEmpty | kRepeated},
    {2, "secretName", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kIngressRule[] = {
    {1, "host", ProtoType::kString, kOmitEmpty},
    {2, "", ProtoType::kMessage, kInline, "IngressRuleValue"},
};
constexpr ProtoField kIngressRuleValue[] = {
    {1, "http", ProtoType::kMessage, kOmitEmpty | kPointer, "HTTPIngressRuleValue"},
};
constexpr ProtoField kHTTPIngressRuleValue[] = {
    {1, "paths", ProtoType::kMessage, kRepeated, "HTTPIngressPath"},
};
constexpr ProtoField kHTTPIngressPath[] = {
    {1, "path", ProtoType::kString, kOmitEmpty},
    {3, "pathType", ProtoType::kString, kPointer},
    {2, "backend", ProtoType::kMessage, 0, "IngressBackend"},
};
constexpr ProtoField kIngressStatus[] = {
    {1, "loadBalancer", ProtoType::kMessage, kOmitEmpty, "IngressLoadBalancerStatus"},
};
constexpr ProtoField kIngressLoadBalancerStatus[] = {
    {1, "ingress", ProtoType::kMessage, kOmitEmpty | kRepeated, "IngressLoadBalancerIngress"},
};
constexpr ProtoField kIngressLoadBalancerIngress[] = {
    {1, "ip", ProtoType::kString, kOmitEmpty},
    {2, "hostname", ProtoType::kString, kOmitEmpty},
    {4, "ports", ProtoType::kMessage, kOmitEmpty | kRepeated, "IngressPortStatus"},
};
constexpr ProtoField kIngressPortStatus[] = {
    {1, "port", ProtoType::kInt32, 0},
    {2, "protocol", ProtoType::kString, 0},
    {3, "error", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kIngressClass[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "IngressClassSpec"},
};
constexpr ProtoField kIngressClassSpec[] = {
    {1, "controller", ProtoType::kString, kOmitEmpty},
    {2, "parameters", ProtoType::kMessage, kOmitEmpty | kPointer, "IngressClassParametersReference"},
};
constexpr ProtoField kIngressClassParametersReference[] = {
    {1, "apiGroup", ProtoType::kString, kOmitEmpty | kPointer},
    {2, "kind", ProtoType::kString, 0},
    {3, "name", ProtoType::kString, 0},
    {4, "scope", ProtoType::kString, kPointer},
    {5, "namespace", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kNetworkPolicy[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "NetworkPolicySpec"},
};
constexpr ProtoField kNetworkPolicySpec[] = {
    {1, "podSelector", ProtoType::kMessage, 0, "LabelSelector"},
    {2, "ingress", ProtoType::kMessage, kOmitEmpty | kRepeated, "NetworkPolicyIngressRule"},
    {3, "egress", ProtoType::kMessage, kOmitEmpty | kRepeated, "NetworkPolicyEgressRule"},
    {4, "policyTypes", ProtoType::kString, kOmitEmpty | kRepeated},
};
constexpr ProtoField kNetworkPolicyIngressRule[] = {
    {1, "ports", ProtoType::kMessage, kOmitEmpty | kRepeated, "NetworkPolicyPort"},
    {2, "from", ProtoType::kMessage, kOmitEmpty | kRepeated, "NetworkPolicyPeer"},
};
constexpr ProtoField kNetworkPolicyPort[] = {
    {1, "protocol", ProtoType::kString, kOmitEmpty | kPointer},
    {2, "port", ProtoType::kIntOrString, kOmitEmpty | kPointer},
    {3, "endPort", ProtoType::kInt32, kOmitEmpty | kPointer},
};
constexpr ProtoField kNetworkPolicyPeer[] = {
    {1, "podSelector", ProtoType::kMessage, kOmitEmpty | kPointer, "LabelSelector"},
    {2, "namespaceSelector", ProtoType::kMessage, kOmitEmpty | kPointer, "LabelSelector"},
    {3, "ipBlock", ProtoType::kMessage, kOmitEmpty | kPointer, "IPBlock"},
};
constexpr ProtoField kIPBlock[] = {
    {1, "cidr", ProtoType::kString, 0},
    {2, "except", ProtoType::kString, kOmitEmpty | kRepeated},
};
constexpr ProtoField kNetworkPolicyEgressRule[] = {
    {1, "ports", ProtoType::kMessage, kOmitEmpty | kRepeated, "NetworkPolicyPort"},
    {2, "to", ProtoType::kMessage, kOmitEmpty | kRepeated, "NetworkPolicyPeer"},
};

}  // namespace

std::span<const ProtoMessage> ProtoNetworkingMessages() {
  static constexpr ProtoMessage kMessages[] = {
      {"Ingress", kIngress},
      {"IngressSpec", kIngressSpec},
      {"IngressBackend", kIngressBackend},
      {"IngressServiceBackend", kIngressServiceBackend},
      {"ServiceBackendPort", kServiceBackendPort},
      {"IngressTLS", kIngressTLS},
      {"IngressRule", kIngressRule},
      {"IngressRuleValue", kIngressRuleValue},
      {"HTTPIngressRuleValue", kHTTPIngressRuleValue},
      {"HTTPIngressPath", kHTTPIngressPath},
      {"IngressStatus", kIngressStatus},
      {"IngressLoadBalancerStatus", kIngressLoadBalancerStatus},
      {"IngressLoadBalancerIngress", kIngressLoadBalancerIngress},
      {"IngressPortStatus", kIngressPortStatus},
      {"IngressClass", kIngressClass},
      {"IngressClassSpec", kIngressClassSpec},
      {"IngressClassParametersReference", kIngressClassParametersReference},
      {"NetworkPolicy", kNetworkPolicy},
      {"NetworkPolicySpec", kNetworkPolicySpec},
      {"NetworkPolicyIngressRule", kNetworkPolicyIngressRule},
      {"NetworkPolicyPort", kNetworkPolicyPort},
      {"NetworkPolicyPeer", kNetworkPolicyPeer},
      {"IPBlock", kIPBlock},
      {"NetworkPolicyEgressRule", kNetworkPolicyEgressRule},
  };
  return kMessages;
}

}  // namespace k1s::api::proto
