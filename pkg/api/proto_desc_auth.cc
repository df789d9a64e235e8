// Protobuf field tables for auth messages: field numbers, JSON names, types and
// Go omitempty/pointer shape, as published in the generated.proto and types.go
// files of k8s.io/api and k8s.io/apimachinery (v0.33). Tables of facts, one row
// per field, in the order the Go type declares them.
#include "pkg/api/proto_desc.h"

namespace k1s::api::proto {
namespace {

constexpr ProtoField kTokenRequest[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, 0, "TokenRequestSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "TokenRequestStatus"},
};
constexpr ProtoField kTokenRequestSpec[] = {
    {1, "audiences", ProtoType::kString, kRepeated},
    {4, "expirationSeconds", ProtoType::kInt64, kPointer},
    {3, "boundObjectRef", ProtoType::kMessage, kPointer, "BoundObjectReference"},
};
constexpr ProtoField kBoundObjectReference[] = {
    {1, "kind", ProtoType::kString, kOmitEmpty},
    {2, "apiVersion", ProtoType::kString, kOmitEmpty},
    {3, "name", ProtoType::kString, kOmitEmpty},
    {4, "uid", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kTokenRequestStatus[] = {
    {1, "token", ProtoType::kString, 0},
    {2, "expirationTimestamp", ProtoType::kTime, 0},
};
constexpr ProtoField kSelfSubjectReview[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "status", ProtoType::kMessage, kOmitEmpty, "SelfSubjectReviewStatus"},
};
constexpr ProtoField kSelfSubjectReviewStatus[] = {
    {1, "userInfo", ProtoType::kMessage, kOmitEmpty, "UserInfo"},
};
constexpr ProtoField kUserInfo[] = {
    {1, "username", ProtoType::kString, kOmitEmpty},
    {2, "uid", ProtoType::kString, kOmitEmpty},
    {3, "groups", ProtoType::kString, kOmitEmpty | kRepeated},
    {4, "extra", ProtoType::kStringList, kOmitEmpty | kMap},
};
constexpr ProtoField kTokenReview[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, 0, "TokenReviewSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "TokenReviewStatus"},
};
constexpr ProtoField kTokenReviewSpec[] = {
    {1, "token", ProtoType::kString, kOmitEmpty},
    {2, "audiences", ProtoType::kString, kOmitEmpty | kRepeated},
};
constexpr ProtoField kTokenReviewStatus[] = {
    {1, "authenticated", ProtoType::kBool, kOmitEmpty},
    {2, "user", ProtoType::kMessage, kOmitEmpty, "UserInfo"},
    {4, "audiences", ProtoType::kString, kOmitEmpty | kRepeated},
    {3, "error", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kSelfSubjectAccessReview[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, 0, "SelfSubjectAccessReviewSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "SubjectAccessReviewStatus"},
};
constexpr ProtoField kSelfSubjectAccessReviewSpec[] = {
    {1, "resourceAttributes", ProtoType::kMessage, kOmitEmpty | kPointer, "ResourceAttributes"},
    {2, "nonResourceAttributes", ProtoType::kMessage, kOmitEmpty | kPointer, "NonResourceAttributes"},
};
constexpr ProtoField kResourceAttributes[] = {
    {1, "namespace", ProtoType::kString, kOmitEmpty},
    {2, "verb", ProtoType::kString, kOmitEmpty},
    {3, "group", ProtoType::kString, kOmitEmpty},
    {4, "version", ProtoType::kString, kOmitEmpty},
    {5, "resource", ProtoType::kString, kOmitEmpty},
    {6, "subresource", ProtoType::kString, kOmitEmpty},
    {7, "name", ProtoType::kString, kOmitEmpty},
    {8, "fieldSelector", ProtoType::kMessage, kOmitEmpty | kPointer, "FieldSelectorAttributes"},
    {9, "labelSelector", ProtoType::kMessage, kOmitEmpty | kPointer, "LabelSelectorAttributes"},
};
constexpr ProtoField kFieldSelectorAttributes[] = {
    {1, "rawSelector", ProtoType::kString, kOmitEmpty},
    {2, "requirements", ProtoType::kMessage, kOmitEmpty | kRepeated, "FieldSelectorRequirement"},
};
constexpr ProtoField kLabelSelectorAttributes[] = {
    {1, "rawSelector", ProtoType::kString, kOmitEmpty},
    {2, "requirements", ProtoType::kMessage, kOmitEmpty | kRepeated, "LabelSelectorRequirement"},
};
constexpr ProtoField kNonResourceAttributes[] = {
    {1, "path", ProtoType::kString, kOmitEmpty},
    {2, "verb", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kSubjectAccessReviewStatus[] = {
    {1, "allowed", ProtoType::kBool, 0},
    {4, "denied", ProtoType::kBool, kOmitEmpty},
    {2, "reason", ProtoType::kString, kOmitEmpty},
    {3, "evaluationError", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kSelfSubjectRulesReview[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, 0, "SelfSubjectRulesReviewSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "SubjectRulesReviewStatus"},
};
constexpr ProtoField kSelfSubjectRulesReviewSpec[] = {
    {1, "namespace", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kSubjectRulesReviewStatus[] = {
    {1, "resourceRules", ProtoType::kMessage, kRepeated, "ResourceRule"},
    {2, "nonResourceRules", ProtoType::kMessage, kRepeated, "NonResourceRule"},
    {3, "incomplete", ProtoType::kBool, 0},
    {4, "evaluationError", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kResourceRule[] = {
    {1, "verbs", ProtoType::kString, kRepeated},
    {2, "apiGroups", ProtoType::kString, kOmitEmpty | kRepeated},
    {3, "resources", ProtoType::kString, kOmitEmpty | kRepeated},
    {4, "resourceNames", ProtoType::kString, kOmitEmpty | kRepeated},
};
constexpr ProtoField kNonResourceRule[] = {
    {1, "verbs", ProtoType::kString, kRepeated},
    {2, "nonResourceURLs", ProtoType::kString, kOmitEmpty | kRepeated},
};
constexpr ProtoField kSubjectAccessReview[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, 0, "SubjectAccessReviewSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "SubjectAccessReviewStatus"},
};
constexpr ProtoField kSubjectAccessReviewSpec[] = {
    {1, "resourceAttributes", ProtoType::kMessage, kOmitEmpty | kPointer, "ResourceAttributes"},
    {2, "nonResourceAttributes", ProtoType::kMessage, kOmitEmpty | kPointer, "NonResourceAttributes"},
    {3, "user", ProtoType::kString, kOmitEmpty},
    {4, "groups", ProtoType::kString, kOmitEmpty | kRepeated},
    {5, "extra", ProtoType::kStringList, kOmitEmpty | kMap},
    {6, "uid", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kLocalSubjectAccessReview[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, 0, "SubjectAccessReviewSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "SubjectAccessReviewStatus"},
};
constexpr ProtoField kCertificateSigningRequest[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, 0, "CertificateSigningRequestSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "CertificateSigningRequestStatus"},
};
constexpr ProtoField kCertificateSigningRequestSpec[] = {
    {1, "request", ProtoType::kBytes, 0},
    {7, "signerName", ProtoType::kString, 0},
    {8, "expirationSeconds", ProtoType::kInt32, kOmitEmpty | kPointer},
    {5, "usages", ProtoType::kString, kOmitEmpty | kRepeated},
    {2, "username", ProtoType::kString, kOmitEmpty},
    {3, "uid", ProtoType::kString, kOmitEmpty},
    {4, "groups", ProtoType::kString, kOmitEmpty | kRepeated},
    {6, "extra", ProtoType::kStringList, kOmitEmpty | kMap},
};
constexpr ProtoField kCertificateSigningRequestStatus[] = {
    {1, "conditions", ProtoType::kMessage, kOmitEmpty | kRepeated, "CertificateSigningRequestCondition"},
    {2, "certificate", ProtoType::kBytes, kOmitEmpty},
};
constexpr ProtoField kCertificateSigningRequestCondition[] = {
    {1, "type", ProtoType::kString, 0},
    {6, "status", ProtoType::kString, 0},
    {2, "reason", ProtoType::kString, kOmitEmpty},
    {3, "message", ProtoType::kString, kOmitEmpty},
    {4, "lastUpdateTime", ProtoType::kTime, kOmitEmpty},
    {5, "lastTransitionTime", ProtoType::kTime, kOmitEmpty},
};

}  // namespace

std::span<const ProtoMessage> ProtoAuthMessages() {
  static constexpr ProtoMessage kMessages[] = {
      {"TokenRequest", kTokenRequest},
      {"TokenRequestSpec", kTokenRequestSpec},
      {"BoundObjectReference", kBoundObjectReference},
      {"TokenRequestStatus", kTokenRequestStatus},
      {"SelfSubjectReview", kSelfSubjectReview},
      {"SelfSubjectReviewStatus", kSelfSubjectReviewStatus},
      {"UserInfo", kUserInfo},
      {"TokenReview", kTokenReview},
      {"TokenReviewSpec", kTokenReviewSpec},
      {"TokenReviewStatus", kTokenReviewStatus},
      {"SelfSubjectAccessReview", kSelfSubjectAccessReview},
      {"SelfSubjectAccessReviewSpec", kSelfSubjectAccessReviewSpec},
      {"ResourceAttributes", kResourceAttributes},
      {"FieldSelectorAttributes", kFieldSelectorAttributes},
      {"LabelSelectorAttributes", kLabelSelectorAttributes},
      {"NonResourceAttributes", kNonResourceAttributes},
      {"SubjectAccessReviewStatus", kSubjectAccessReviewStatus},
      {"SelfSubjectRulesReview", kSelfSubjectRulesReview},
      {"SelfSubjectRulesReviewSpec", kSelfSubjectRulesReviewSpec},
      {"SubjectRulesReviewStatus", kSubjectRulesReviewStatus},
      {"ResourceRule", kResourceRule},
      {"NonResourceRule", kNonResourceRule},
      {"SubjectAccessReview", kSubjectAccessReview},
      {"SubjectAccessReviewSpec", kSubjectAccessReviewSpec},
      {"LocalSubjectAccessReview", kLocalSubjectAccessReview},
      {"CertificateSigningRequest", kCertificateSigningRequest},
      {"CertificateSigningRequestSpec", kCertificateSigningRequestSpec},
      {"CertificateSigningRequestStatus", kCertificateSigningRequestStatus},
      {"CertificateSigningRequestCondition", kCertificateSigningRequestCondition},
  };
  return kMessages;
}

}  // namespace k1s::api::proto
