// Protobuf field tables for autoscaling messages: field numbers, JSON names, types and
// Go omitempty/pointer shape, as published in the generated.proto and types.go
// files of k8s.io/api and k8s.io/apimachinery (v0.33). Tables of facts, one row
// per field, in the order the Go type declares them.
#include "pkg/api/proto_desc.h"

namespace k1s::api::proto {
namespace {

constexpr ProtoField kAutoscalingV1HorizontalPodAutoscaler[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "autoscaling/v1.HorizontalPodAutoscalerSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "autoscaling/v1.HorizontalPodAutoscalerStatus"},
};
constexpr ProtoField kAutoscalingV1HorizontalPodAutoscalerSpec[] = {
    {1, "scaleTargetRef", ProtoType::kMessage, 0, "autoscaling/v1.CrossVersionObjectReference"},
    {2, "minReplicas", ProtoType::kInt32, kOmitEmpty | kPointer},
    {3, "maxReplicas", ProtoType::kInt32, 0},
    {4, "targetCPUUtilizationPercentage", ProtoType::kInt32, kOmitEmpty | kPointer},
};
constexpr ProtoField kAutoscalingV1CrossVersionObjectReference[] = {
    {1, "kind", ProtoType::kString, 0},
    {2, "name", ProtoType::kString, 0},
    {3, "apiVersion", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kAutoscalingV1HorizontalPodAutoscalerStatus[] = {
    {1, "observedGeneration", ProtoType::kInt64, kOmitEmpty | kPointer},
    {2, "lastScaleTime", ProtoType::kTime, kOmitEmpty | kPointer},
    {3, "currentReplicas", ProtoType::kInt32, 0},
    {4, "desiredReplicas", ProtoType::kInt32, 0},
    {5, "currentCPUUtilizationPercentage", ProtoType::kInt32, kOmitEmpty | kPointer},
};
constexpr ProtoField kScale[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "ScaleSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "ScaleStatus"},
};
constexpr ProtoField kScaleSpec[] = {
    {1, "replicas", ProtoType::kInt32, kOmitEmpty},
};
constexpr ProtoField kScaleStatus[] = {
    {1, "replicas", ProtoType::kInt32, 0},
    {2, "selector", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kAutoscalingV2HorizontalPodAutoscaler[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "autoscaling/v2.HorizontalPodAutoscalerSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "autoscaling/v2.HorizontalPodAutoscalerStatus"},
};
constexpr ProtoField kAutoscalingV2HorizontalPodAutoscalerSpec[] = {
    {1, "scaleTargetRef", ProtoType::kMessage, 0, "autoscaling/v2.CrossVersionObjectReference"},
    {2, "minReplicas", ProtoType::kInt32, kOmitEmpty | kPointer},
    {3, "maxReplicas", ProtoType::kInt32, 0},
    {4, "metrics", ProtoType::kMessage, kOmitEmpty | kRepeated, "autoscaling/v2.MetricSpec"},
    {5, "behavior", ProtoType::kMessage, kOmitEmpty | kPointer, "HorizontalPodAutoscalerBehavior"},
};
constexpr ProtoField kAutoscalingV2CrossVersionObjectReference[] = {
    {1, "kind", ProtoType::kString, 0},
    {2, "name", ProtoType::kString, 0},
    {3, "apiVersion", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kAutoscalingV2MetricSpec[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "object", ProtoType::kMessage, kOmitEmpty | kPointer, "autoscaling/v2.ObjectMetricSource"},
    {3, "pods", ProtoType::kMessage, kOmitEmpty | kPointer, "autoscaling/v2.PodsMetricSource"},
    {4, "resource", ProtoType::kMessage, kOmitEmpty | kPointer, "autoscaling/v2.ResourceMetricSource"},
    {7, "containerResource", ProtoType::kMessage, kOmitEmpty | kPointer, "autoscaling/v2.ContainerResourceMetricSource"},
    {5, "external", ProtoType::kMessage, kOmitEmpty | kPointer, "autoscaling/v2.ExternalMetricSource"},
};
constexpr ProtoField kAutoscalingV2ObjectMetricSource[] = {
    {1, "describedObject", ProtoType::kMessage, 0, "autoscaling/v2.CrossVersionObjectReference"},
    {2, "target", ProtoType::kMessage, 0, "MetricTarget"},
    {3, "metric", ProtoType::kMessage, 0, "MetricIdentifier"},
};
constexpr ProtoField kMetricTarget[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "value", ProtoType::kQuantity, kOmitEmpty | kPointer},
    {3, "averageValue", ProtoType::kQuantity, kOmitEmpty | kPointer},
    {4, "averageUtilization", ProtoType::kInt32, kOmitEmpty | kPointer},
};
constexpr ProtoField kMetricIdentifier[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "selector", ProtoType::kMessage, kOmitEmpty | kPointer, "LabelSelector"},
};
constexpr ProtoField kAutoscalingV2PodsMetricSource[] = {
    {1, "metric", ProtoType::kMessage, 0, "MetricIdentifier"},
    {2, "target", ProtoType::kMessage, 0, "MetricTarget"},
};
constexpr ProtoField kAutoscalingV2ResourceMetricSource[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "target", ProtoType::kMessage, 0, "MetricTarget"},
};
constexpr ProtoField kAutoscalingV2ContainerResourceMetricSource[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "target", ProtoType::kMessage, 0, "MetricTarget"},
    {3, "container", ProtoType::kString, 0},
};
constexpr ProtoField kAutoscalingV2ExternalMetricSource[] = {
    {1, "metric", ProtoType::kMessage, 0, "MetricIdentifier"},
    {2, "target", ProtoType::kMessage, 0, "MetricTarget"},
};
constexpr ProtoField kHorizontalPodAutoscalerBehavior[] = {
    {1, "scaleUp", ProtoType::kMessage, kOmitEmpty | kPointer, "HPAScalingRules"},
    {2, "scaleDown", ProtoType::kMessage, kOmitEmpty | kPointer, "HPAScalingRules"},
};
constexpr ProtoField kHPAScalingRules[] = {
    {3, "stabilizationWindowSeconds", ProtoType::kInt32, kOmitEmpty | kPointer},
    {1, "selectPolicy", ProtoType::kString, kOmitEmpty | kPointer},
    {2, "policies", ProtoType::kMessage, kOmitEmpty | kRepeated, "HPAScalingPolicy"},
    {4, "tolerance", ProtoType::kQuantity, kOmitEmpty | kPointer},
};
constexpr ProtoField kHPAScalingPolicy[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "value", ProtoType::kInt32, 0},
    {3, "periodSeconds", ProtoType::kInt32, 0},
};
constexpr ProtoField kAutoscalingV2HorizontalPodAutoscalerStatus[] = {
    {1, "observedGeneration", ProtoType::kInt64, kOmitEmpty | kPointer},
    {2, "lastScaleTime", ProtoType::kTime, kOmitEmpty | kPointer},
    {3, "currentReplicas", ProtoType::kInt32, kOmitEmpty},
    {4, "desiredReplicas", ProtoType::kInt32, 0},
    {5, "currentMetrics", ProtoType::kMessage, kRepeated, "autoscaling/v2.MetricStatus"},
    {6, "conditions", ProtoType::kMessage, kOmitEmpty | kRepeated, "autoscaling/v2.HorizontalPodAutoscalerCondition"},
};
constexpr ProtoField kAutoscalingV2MetricStatus[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "object", ProtoType::kMessage, kOmitEmpty | kPointer, "autoscaling/v2.ObjectMetricStatus"},
    {3, "pods", ProtoType::kMessage, kOmitEmpty | kPointer, "autoscaling/v2.PodsMetricStatus"},
    {4, "resource", ProtoType::kMessage, kOmitEmpty | kPointer, "autoscaling/v2.ResourceMetricStatus"},
    {7, "containerResource", ProtoType::kMessage, kOmitEmpty | kPointer, "autoscaling/v2.ContainerResourceMetricStatus"},
    {5, "external", ProtoType::kMessage, kOmitEmpty | kPointer, "autoscaling/v2.ExternalMetricStatus"},
};
constexpr ProtoField kAutoscalingV2ObjectMetricStatus[] = {
    {1, "metric", ProtoType::kMessage, 0, "MetricIdentifier"},
    {2, "current", ProtoType::kMessage, 0, "MetricValueStatus"},
    {3, "describedObject", ProtoType::kMessage, 0, "autoscaling/v2.CrossVersionObjectReference"},
};
constexpr ProtoField kMetricValueStatus[] = {
    {1, "value", ProtoType::kQuantity, kOmitEmpty | kPointer},
    {2, "averageValue", ProtoType::kQuantity, kOmitEmpty | kPointer},
    {3, "averageUtilization", ProtoType::kInt32, kOmitEmpty | kPointer},
};
constexpr ProtoField kAutoscalingV2PodsMetricStatus[] = {
    {1, "metric", ProtoType::kMessage, 0, "MetricIdentifier"},
    {2, "current", ProtoType::kMessage, 0, "MetricValueStatus"},
};
constexpr ProtoField kAutoscalingV2ResourceMetricStatus[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "current", ProtoType::kMessage, 0, "MetricValueStatus"},
};
constexpr ProtoField kAutoscalingV2ContainerResourceMetricStatus[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "current", ProtoType::kMessage, 0, "MetricValueStatus"},
    {3, "container", ProtoType::kString, 0},
};
constexpr ProtoField kAutoscalingV2ExternalMetricStatus[] = {
    {1, "metric", ProtoType::kMessage, 0, "MetricIdentifier"},
    {2, "current", ProtoType::kMessage, 0, "MetricValueStatus"},
};
constexpr ProtoField kAutoscalingV2HorizontalPodAutoscalerCondition[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "status", ProtoType::kString, 0},
    {3, "lastTransitionTime", ProtoType::kTime, kOmitEmpty},
    {4, "reason", ProtoType::kString, kOmitEmpty},
    {5, "message", ProtoType::kString, kOmitEmpty},
};

}  // namespace

std::span<const ProtoMessage> ProtoAutoscalingMessages() {
  static constexpr ProtoMessage kMessages[] = {
      {"autoscaling/v1.HorizontalPodAutoscaler", kAutoscalingV1HorizontalPodAutoscaler},
      {"autoscaling/v1.HorizontalPodAutoscalerSpec", kAutoscalingV1HorizontalPodAutoscalerSpec},
      {"autoscaling/v1.CrossVersionObjectReference", kAutoscalingV1CrossVersionObjectReference},
      {"autoscaling/v1.HorizontalPodAutoscalerStatus", kAutoscalingV1HorizontalPodAutoscalerStatus},
      {"Scale", kScale},
      {"ScaleSpec", kScaleSpec},
      {"ScaleStatus", kScaleStatus},
      {"autoscaling/v2.HorizontalPodAutoscaler", kAutoscalingV2HorizontalPodAutoscaler},
      {"autoscaling/v2.HorizontalPodAutoscalerSpec", kAutoscalingV2HorizontalPodAutoscalerSpec},
      {"autoscaling/v2.CrossVersionObjectReference", kAutoscalingV2CrossVersionObjectReference},
      {"autoscaling/v2.MetricSpec", kAutoscalingV2MetricSpec},
      {"autoscaling/v2.ObjectMetricSource", kAutoscalingV2ObjectMetricSource},
      {"MetricTarget", kMetricTarget},
      {"MetricIdentifier", kMetricIdentifier},
      {"autoscaling/v2.PodsMetricSource", kAutoscalingV2PodsMetricSource},
      {"autoscaling/v2.ResourceMetricSource", kAutoscalingV2ResourceMetricSource},
      {"autoscaling/v2.ContainerResourceMetricSource", kAutoscalingV2ContainerResourceMetricSource},
      {"autoscaling/v2.ExternalMetricSource", kAutoscalingV2ExternalMetricSource},
      {"HorizontalPodAutoscalerBehavior", kHorizontalPodAutoscalerBehavior},
      {"HPAScalingRules", kHPAScalingRules},
      {"HPAScalingPolicy", kHPAScalingPolicy},
      {"autoscaling/v2.HorizontalPodAutoscalerStatus", kAutoscalingV2HorizontalPodAutoscalerStatus},
      {"autoscaling/v2.MetricStatus", kAutoscalingV2MetricStatus},
      {"autoscaling/v2.ObjectMetricStatus", kAutoscalingV2ObjectMetricStatus},
      {"MetricValueStatus", kMetricValueStatus},
      {"autoscaling/v2.PodsMetricStatus", kAutoscalingV2PodsMetricStatus},
      {"autoscaling/v2.ResourceMetricStatus", kAutoscalingV2ResourceMetricStatus},
      {"autoscaling/v2.ContainerResourceMetricStatus", kAutoscalingV2ContainerResourceMetricStatus},
      {"autoscaling/v2.ExternalMetricStatus", kAutoscalingV2ExternalMetricStatus},
      {"autoscaling/v2.HorizontalPodAutoscalerCondition", kAutoscalingV2HorizontalPodAutoscalerCondition},
  };
  return kMessages;
}

}  // namespace k1s::api::proto
