// Descriptors of the Kubernetes protobuf messages that kubectl sends: for each
// message its fields' numbers, JSON names, types and the Go shape that decides
// how encoding/json writes them (omitempty, pointer, slice, map, inline).
//
// The Kubernetes protos are proto2 and the Go marshaller writes every
// non-pointer scalar even when it is zero, so presence on the wire says
// nothing about whether a user set a field; the flags here say what Go's
// JSON encoding would make of the decoded struct.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace k1s::api::proto {

enum class ProtoType : uint8_t {
  kString,
  kInt32,
  kInt64,
  kBool,
  kDouble,
  kBytes,         // base64 in JSON
  kMessage,       // ProtoField::message names the message
  kTime,          // metav1.Time: RFC 3339, seconds; zero -> null
  kMicroTime,     // metav1.MicroTime: RFC 3339 with microseconds
  kQuantity,      // resource.Quantity: its string
  kIntOrString,   // intstr.IntOrString: a number or a string
  kRawExtension,  // runtime.RawExtension: the embedded JSON
  kFieldsV1,      // metav1.FieldsV1: the embedded JSON
  kStringList,    // ExtraValue: a message wrapping repeated strings; a JSON array
};

enum FieldFlag : uint8_t {
  kOmitEmpty = 1,  // the Go json tag has omitempty
  kPointer = 2,    // a Go pointer: written iff present on the wire
  kRepeated = 4,   // a Go slice
  kMap = 8,        // map<string, type>
  kInline = 16,    // an embedded struct whose fields Go's JSON promotes to the parent
};

struct ProtoField {
  uint32_t number;
  const char* json;
  ProtoType type;
  int flags;
  const char* message = nullptr;  // kMessage only: a ProtoMessage name
};

struct ProtoMessage {
  std::string_view name;
  std::span<const ProtoField> fields;
};

// The message called `name` (as ProtoField::message spells it), or nullptr.
const ProtoMessage* FindMessage(std::string_view name);

// The top-level message for an object of this apiVersion and kind, or nullptr
// when the kind has no descriptor.
const ProtoMessage* FindKind(std::string_view api_version, std::string_view kind);

// Per-group tables (proto_desc_<group>.cc).
std::span<const ProtoMessage> ProtoMetaMessages();
std::span<const ProtoMessage> ProtoCoreAMessages();
std::span<const ProtoMessage> ProtoCoreBMessages();
std::span<const ProtoMessage> ProtoAppsMessages();
std::span<const ProtoMessage> ProtoRbacMessages();
std::span<const ProtoMessage> ProtoNetworkingMessages();
std::span<const ProtoMessage> ProtoAuthMessages();
std::span<const ProtoMessage> ProtoAutoscalingMessages();

}  // namespace k1s::api::proto
