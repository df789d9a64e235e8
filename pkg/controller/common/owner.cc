#include "pkg/controller/common/owner.h"

namespace k1s::controller::common {

std::optional<Json> ControllerRef(const Json& object) {
  const Json& meta = object.contains("metadata") ? object["metadata"] : Json::object();
  if (!meta.contains("ownerReferences") || !meta["ownerReferences"].is_array()) return std::nullopt;
  for (const Json& ref : meta["ownerReferences"]) {
    if (ref.is_object() && ref.value("controller", false)) return ref;
  }
  return std::nullopt;
}

bool IsControlledBy(const Json& object, const std::string& owner_uid) {
  auto ref = ControllerRef(object);
  return ref && ref->value("uid", "") == owner_uid;
}

Json MakeControllerRef(const Json& owner, const std::string& api_version, const std::string& kind) {
  return {{"apiVersion", api_version},
          {"kind", kind},
          {"name", owner["metadata"].value("name", "")},
          {"uid", owner["metadata"].value("uid", "")},
          {"controller", true},
          {"blockOwnerDeletion", true}};
}

namespace {

bool BeingDeleted(const Json& o) {
  return o.contains("metadata") && o["metadata"].contains("deletionTimestamp") &&
         !o["metadata"]["deletionTimestamp"].is_null();
}

// The uid precondition in both patches makes them fail rather than touch a
// different object that reused the name.
Result<Json> Adopt(const Claimer& c, const Json& object) {
  const Json& meta = object["metadata"];
  Json refs = meta.contains("ownerReferences") && meta["ownerReferences"].is_array()
                  ? meta["ownerReferences"]
                  : Json::array();
  refs.push_back(MakeControllerRef(c.owner, c.owner_api_version, c.owner_kind));
  Json patch = {{"metadata",
                 {{"ownerReferences", refs},
                  {"uid", meta.value("uid", "")},
                  {"resourceVersion", meta.value("resourceVersion", "")}}}};
  return c.client.Patch(c.resource, meta.value("namespace", ""), meta.value("name", ""),
                        client::PatchType::kMergePatch, patch);
}

Status Release(const Claimer& c, const Json& object) {
  const Json& meta = object["metadata"];
  const std::string owner_uid = c.owner["metadata"].value("uid", "");
  Json refs = Json::array();
  for (const Json& ref : meta["ownerReferences"]) {
    if (ref.value("uid", "") != owner_uid) refs.push_back(ref);
  }
  Json patch = {{"metadata", {{"ownerReferences", refs}, {"uid", meta.value("uid", "")}}}};
  auto r = c.client.Patch(c.resource, meta.value("namespace", ""), meta.value("name", ""),
                          client::PatchType::kMergePatch, patch);
  if (!r.ok() && !r.status().IsNotFound() && !r.status().IsConflict()) return r.status();
  return Status::Ok();
}

}  // namespace

bool MayClaim(const Claimer& c, const Json& object) {
  if (auto ref = ControllerRef(object)) return ref->value("uid", "") == c.owner["metadata"].value("uid", "");
  return !BeingDeleted(c.owner) && !BeingDeleted(object) && c.selector.MatchesObject(object);
}

std::vector<Json> Claim(const Claimer& c, const std::vector<std::shared_ptr<const Json>>& candidates) {
  std::vector<Json> owned;
  const std::string owner_uid = c.owner["metadata"].value("uid", "");
  const bool owner_deleting = BeingDeleted(c.owner);
  for (const auto& ptr : candidates) {
    const Json& o = *ptr;
    const bool matches = c.selector.MatchesObject(o);
    auto ref = ControllerRef(o);
    if (ref) {
      if (ref->value("uid", "") != owner_uid) continue;
      if (matches || owner_deleting) {
        owned.push_back(o);
      } else if (!BeingDeleted(o)) {
        (void)Release(c, o);
      }
      continue;
    }
    if (!matches || owner_deleting || BeingDeleted(o)) continue;
    auto adopted = Adopt(c, o);
    if (adopted.ok()) owned.push_back(std::move(*adopted));
  }
  return owned;
}

}  // namespace k1s::controller::common
