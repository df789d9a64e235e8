#include "pkg/api/proto_decode.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "pkg/api/proto_desc.h"
#include "pkg/api/proto_values.h"
#include "pkg/util/protowire.h"

namespace k1s::api {
namespace {

using Json = nlohmann::json;
using proto::FieldFlag;
using proto::ProtoField;
using proto::ProtoMessage;
using proto::ProtoType;
using protowire::Field;
using protowire::Reader;
using protowire::WireType;

// Kubernetes objects nest about 15 deep; anything far deeper is hostile.
constexpr int kMaxDepth = 64;

bool IsVarintType(ProtoType t) {
  return t == ProtoType::kInt32 || t == ProtoType::kInt64 || t == ProtoType::kBool;
}

// Message-shaped values whose repeated occurrences Go merges rather than replaces.
bool MergesOccurrences(ProtoType t) {
  return t == ProtoType::kMessage || t == ProtoType::kIntOrString ||
         t == ProtoType::kRawExtension || t == ProtoType::kFieldsV1;
}

Status WrongWire(const ProtoMessage& m, const ProtoField& f) {
  return Status::BadRequest("protobuf: wrong wire type for field " + std::string(m.name) + "." +
                            f.json + " (" + std::to_string(f.number) + ")");
}

class Decoder {
 public:
  explicit Decoder(size_t budget) : budget_(budget) {}

  // The JSON object for one message's bytes.
  Result<Json> Message(const ProtoMessage& m, std::string_view bytes, int depth) {
    if (depth > kMaxDepth) return Status::BadRequest("protobuf: objects nested too deeply");
    if (auto s = Spend(1 + m.fields.size()); !s.ok()) return s;
    std::vector<std::vector<Field>> seen(m.fields.size());
    Reader reader(bytes);
    while (auto f = reader.Next()) {
      for (size_t i = 0; i < m.fields.size(); ++i) {
        if (m.fields[i].number == f->number) {
          seen[i].push_back(*f);
          break;
        }
      }
    }
    if (reader.error()) {
      return Status::BadRequest("protobuf: malformed or truncated " + std::string(m.name) +
                                " message");
    }
    Json obj = Json::object();
    std::vector<Json> inlined;
    for (size_t i = 0; i < m.fields.size(); ++i) {
      const ProtoField& f = m.fields[i];
      K1S_ASSIGN_OR_RETURN(std::optional<Json> value, FieldValue(m, f, seen[i], depth));
      if (!value) continue;
      if (f.flags & FieldFlag::kInline) {
        inlined.push_back(std::move(*value));
      } else {
        obj[f.json] = std::move(*value);
      }
    }
    // Go's JSON promotes an embedded struct's fields; the outer struct's own win.
    for (Json& in : inlined) {
      if (!in.is_object()) continue;
      for (auto& [key, val] : in.items()) {
        if (!obj.contains(key)) obj[key] = std::move(val);
      }
    }
    return obj;
  }

 private:
  Status Spend(size_t n) {
    if (budget_ < n) {
      return Status::BadRequest("protobuf: the body expands to an object too large to decode");
    }
    budget_ -= n;
    return Status();
  }

  // The JSON for field `f` given its occurrences on the wire, or nullopt when
  // Go's encoding/json would leave it out.
  Result<std::optional<Json>> FieldValue(const ProtoMessage& m, const ProtoField& f,
                                         const std::vector<Field>& occ, int depth) {
    const bool omit = f.flags & FieldFlag::kOmitEmpty;
    const bool repeated = f.flags & (FieldFlag::kRepeated | FieldFlag::kMap);
    for (const Field& w : occ) {
      const bool ok = f.flags & FieldFlag::kMap ? w.type == WireType::kBytes
                      : IsVarintType(f.type)
                          ? w.type == WireType::kVarint || (repeated && w.type == WireType::kBytes)
                      : f.type == ProtoType::kDouble
                          ? w.type == WireType::kFixed64 || (repeated && w.type == WireType::kBytes)
                          : w.type == WireType::kBytes;
      if (!ok) return WrongWire(m, f);
    }
    if (f.flags & FieldFlag::kMap) {
      if (occ.empty()) return omit ? std::nullopt : std::optional<Json>(nullptr);
      Json map = Json::object();
      for (const Field& w : occ) {
        K1S_ASSIGN_OR_RETURN(auto entry, MapEntry(m, f, w.bytes, depth));
        map[entry.first] = std::move(entry.second);
      }
      return std::optional<Json>(std::move(map));
    }
    if (f.flags & FieldFlag::kRepeated) {
      Json list = Json::array();
      for (const Field& w : occ) {
        if (w.type == WireType::kBytes && (IsVarintType(f.type) || f.type == ProtoType::kDouble)) {
          K1S_RETURN_IF_ERROR(Packed(m, f, w.bytes, list));
          continue;
        }
        K1S_ASSIGN_OR_RETURN(Json v, Value(f, w, depth));
        list.push_back(std::move(v));
      }
      if (list.empty()) return omit ? std::nullopt : std::optional<Json>(nullptr);
      return std::optional<Json>(std::move(list));
    }
    if (occ.empty()) {
      if (f.flags & FieldFlag::kPointer) return omit ? std::nullopt : std::optional<Json>(nullptr);
      K1S_ASSIGN_OR_RETURN(Json zero, Zero(f, depth));
      if (omit && IsEmptyScalar(f, zero)) return std::nullopt;
      return std::optional<Json>(std::move(zero));
    }
    Field last = occ.back();
    std::string merged;
    if (occ.size() > 1 && MergesOccurrences(f.type)) {
      for (const Field& w : occ) merged.append(w.bytes);
      last.bytes = merged;
    }
    K1S_ASSIGN_OR_RETURN(Json v, Value(f, last, depth));
    if (omit && !(f.flags & FieldFlag::kPointer) && IsEmptyScalar(f, v)) return std::nullopt;
    return std::optional<Json>(std::move(v));
  }

  // Whether omitempty drops this non-pointer value. Structs are never dropped.
  static bool IsEmptyScalar(const ProtoField& f, const Json& v) {
    switch (f.type) {
      case ProtoType::kString:
      case ProtoType::kBytes:
        return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty());
      case ProtoType::kInt32:
      case ProtoType::kInt64:
        return v.is_number_integer() && v.get<int64_t>() == 0;
      case ProtoType::kBool:
        return v.is_boolean() && !v.get<bool>();
      case ProtoType::kDouble:
        return v.is_number() && v.get<double>() == 0;
      case ProtoType::kStringList:
        return v.is_null() || v.empty();
      default:
        return false;
    }
  }

  // The Go zero value of an absent non-pointer, non-repeated field.
  Result<Json> Zero(const ProtoField& f, int depth) {
    switch (f.type) {
      case ProtoType::kString:
        return Json("");
      case ProtoType::kInt32:
      case ProtoType::kInt64:
        return Json(0);
      case ProtoType::kBool:
        return Json(false);
      case ProtoType::kDouble:
        return Json(0.0);
      case ProtoType::kQuantity:
        return Json("0");
      case ProtoType::kIntOrString:
        return Json(0);
      case ProtoType::kMessage:
        return Sub(f, std::string_view(), depth);
      default:  // nil []byte, zero Time, nil RawExtension/FieldsV1/ExtraValue
        return Json(nullptr);
    }
  }

  Result<Json> Sub(const ProtoField& f, std::string_view bytes, int depth) {
    const ProtoMessage* sub = f.message ? proto::FindMessage(f.message) : nullptr;
    if (!sub) {
      return Status::BadRequest(std::string("protobuf: no descriptor for message ") +
                                (f.message ? f.message : "?"));
    }
    return Message(*sub, bytes, depth + 1);
  }

  // One value of field `f` from one occurrence on the wire.
  Result<Json> Value(const ProtoField& f, const Field& w, int depth) {
    K1S_RETURN_IF_ERROR(Spend(1));
    switch (f.type) {
      case ProtoType::kString:
        return Json(proto::ValidUtf8(w.bytes));
      case ProtoType::kBytes:
        return Json(proto::Base64(w.bytes));
      case ProtoType::kInt32:
        return Json(static_cast<int32_t>(static_cast<uint32_t>(w.varint)));
      case ProtoType::kInt64:
        return Json(static_cast<int64_t>(w.varint));
      case ProtoType::kBool:
        return Json(w.varint != 0);
      case ProtoType::kDouble: {
        double d = 0;
        std::memcpy(&d, &w.varint, sizeof(d));
        if (!std::isfinite(d)) return Status::BadRequest("protobuf: a number is not finite");
        return Json(d);
      }
      case ProtoType::kMessage:
        return Sub(f, w.bytes, depth);
      case ProtoType::kTime:
        return proto::DecodeTime(w.bytes, /*micro=*/false);
      case ProtoType::kMicroTime:
        return proto::DecodeTime(w.bytes, /*micro=*/true);
      case ProtoType::kQuantity:
        return proto::DecodeQuantity(w.bytes);
      case ProtoType::kIntOrString:
        return proto::DecodeIntOrString(w.bytes);
      case ProtoType::kRawExtension:
      case ProtoType::kFieldsV1:
        return proto::DecodeEmbeddedJson(w.bytes);
      case ProtoType::kStringList:
        return proto::DecodeStringList(w.bytes);
    }
    return Status::BadRequest("protobuf: unsupported field type");
  }

  Status Packed(const ProtoMessage& m, const ProtoField& f, std::string_view bytes, Json& list) {
    size_t pos = 0;
    while (pos < bytes.size()) {
      K1S_RETURN_IF_ERROR(Spend(1));
      Field w;
      if (f.type == ProtoType::kDouble) {
        if (bytes.size() - pos < 8) return WrongWire(m, f);
        for (size_t i = 0; i < 8; ++i) {
          w.varint |= static_cast<uint64_t>(static_cast<uint8_t>(bytes[pos + i])) << (8 * i);
        }
        pos += 8;
      } else {
        int shift = 0;
        for (;; shift += 7) {
          if (pos >= bytes.size() || shift > 63) return WrongWire(m, f);
          const auto b = static_cast<uint8_t>(bytes[pos++]);
          w.varint |= static_cast<uint64_t>(b & 0x7f) << shift;
          if (!(b & 0x80)) break;
        }
      }
      K1S_ASSIGN_OR_RETURN(Json v, Value(f, w, 0));
      list.push_back(std::move(v));
    }
    return Status();
  }

  // A map entry: key = 1 (string), value = 2.
  Result<std::pair<std::string, Json>> MapEntry(const ProtoMessage& m, const ProtoField& f,
                                                std::string_view bytes, int depth) {
    K1S_RETURN_IF_ERROR(Spend(1));
    std::string key;
    std::optional<Field> value;
    Reader reader(bytes);
    while (auto w = reader.Next()) {
      if (w->number == 1) {
        if (w->type != WireType::kBytes) return WrongWire(m, f);
        key = proto::ValidUtf8(w->bytes);
      } else if (w->number == 2) {
        value = *w;
      }
    }
    if (reader.error()) return Status::BadRequest("protobuf: malformed map entry in " + std::string(f.json));
    ProtoField elem = f;
    elem.flags = 0;
    if (!value) {
      if (f.type == ProtoType::kBytes) return std::make_pair(std::move(key), Json(nullptr));
      K1S_ASSIGN_OR_RETURN(Json zero, Zero(elem, depth));
      return std::make_pair(std::move(key), std::move(zero));
    }
    const bool ok = IsVarintType(f.type)             ? value->type == WireType::kVarint
                    : f.type == ProtoType::kDouble ? value->type == WireType::kFixed64
                                                   : value->type == WireType::kBytes;
    if (!ok) return WrongWire(m, f);
    K1S_ASSIGN_OR_RETURN(Json v, Value(elem, *value, depth));
    return std::make_pair(std::move(key), std::move(v));
  }

  size_t budget_;
};

}  // namespace

Result<Json> DecodeProtobufObject(std::string_view body) {
  static constexpr std::string_view kMagic("k8s\0", 4);
  if (!body.starts_with(kMagic)) {
    return Status::BadRequest("the protobuf body does not start with the Kubernetes magic \"k8s\\0\"");
  }
  std::string_view type_meta;
  std::string_view raw;
  std::string_view encoding;
  std::string_view content_type;
  Reader unknown(body.substr(kMagic.size()));
  while (auto f = unknown.Next()) {
    if (f->number > 4) continue;
    if (f->type != WireType::kBytes) {
      return Status::BadRequest("protobuf: wrong wire type in the runtime.Unknown envelope");
    }
    (f->number == 1 ? type_meta : f->number == 2 ? raw : f->number == 3 ? encoding : content_type) =
        f->bytes;
  }
  if (unknown.error()) return Status::BadRequest("protobuf: malformed or truncated envelope");
  std::string api_version;
  std::string kind;
  Reader meta(type_meta);
  while (auto f = meta.Next()) {
    if (f->number > 2) continue;
    if (f->type != WireType::kBytes) return Status::BadRequest("protobuf: malformed typeMeta");
    (f->number == 1 ? api_version : kind) = proto::ValidUtf8(f->bytes);
  }
  if (meta.error()) return Status::BadRequest("protobuf: malformed typeMeta");
  if (kind.empty()) return Status::BadRequest("Object 'Kind' is missing in the protobuf body");
  if (!encoding.empty()) {
    return Status::BadRequest("protobuf: unsupported contentEncoding \"" +
                              proto::ValidUtf8(encoding) + "\"");
  }
  if (!content_type.empty() && content_type != kProtobufMediaType) {
    return Status::BadRequest("protobuf: unsupported contentType \"" +
                              proto::ValidUtf8(content_type) + "\"");
  }
  const ProtoMessage* message = proto::FindKind(api_version, kind);
  if (!message) {
    return Status::BadRequest("no protobuf decoding for kind \"" + kind + "\" in version \"" +
                              api_version + "\"");
  }
  // Empty sub-messages expand to their zero JSON; bound what a body can make.
  Decoder decoder(16 * body.size() + 100000);
  K1S_ASSIGN_OR_RETURN(Json object, decoder.Message(*message, raw, 0));
  if (!api_version.empty()) object["apiVersion"] = api_version;
  object["kind"] = kind;
  return object;
}

}  // namespace k1s::api
