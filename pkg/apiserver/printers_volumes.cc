// Volumes: core/v1 PersistentVolumes and claims, and storage.k8s.io/v1.
#include "pkg/apiserver/printers.h"

namespace k1s::apiserver::printers {
namespace {

constexpr const char* kBetaStorageClass = "volume.beta.kubernetes.io/storage-class";

// GetAccessModesAsString: "RWO,ROX,RWX,RWOP" in that order, no duplicates.
std::string AccessModes(const Json& modes) {
  auto has = [&](std::string_view mode) {
    if (!modes.is_array()) return false;
    for (const Json& m : modes) {
      if (Str(m) == mode) return true;
    }
    return false;
  };
  std::vector<std::string> out;
  if (has("ReadWriteOnce")) out.push_back("RWO");
  if (has("ReadOnlyMany")) out.push_back("ROX");
  if (has("ReadWriteMany")) out.push_back("RWX");
  if (has("ReadWriteOncePod")) out.push_back("RWOP");
  return Join(out, ",");
}

// The beta annotation wins over spec.storageClassName, even when empty.
std::string StorageClass(const Json& o) {
  const Json& annotations = At(o, {"metadata", "annotations"});
  if (annotations.is_object() && annotations.contains(kBetaStorageClass)) {
    return Str(annotations[kBetaStorageClass]);
  }
  return Str(At(o, {"spec", "storageClassName"}));
}

std::string OrUnset(const Json& v) { return v.is_string() ? v.get<std::string>() : "<unset>"; }

bool Deleting(const Json& o) { return Has(At(o, {"metadata", "deletionTimestamp"})); }

std::optional<Json> PersistentVolumeCell(std::string_view col, const Json& pv) {
  if (col == "Capacity") return QuantityString(At(pv, {"spec", "capacity", "storage"}));
  if (col == "Access Modes") return AccessModes(At(pv, {"spec", "accessModes"}));
  if (col == "Reclaim Policy") return Str(At(pv, {"spec", "persistentVolumeReclaimPolicy"}));
  if (col == "Status") return Deleting(pv) ? "Terminating" : Str(At(pv, {"status", "phase"}));
  if (col == "Claim") {
    const Json& ref = At(pv, {"spec", "claimRef"});
    if (!ref.is_object()) return "";
    return Str(At(ref, {"namespace"})) + "/" + Str(At(ref, {"name"}));
  }
  if (col == "StorageClass") return StorageClass(pv);
  if (col == "VolumeAttributesClass") return OrUnset(At(pv, {"spec", "volumeAttributesClassName"}));
  if (col == "Reason") return Str(At(pv, {"status", "reason"}));
  if (col == "VolumeMode") return OrUnset(At(pv, {"spec", "volumeMode"}));
  return std::nullopt;
}

std::optional<Json> ClaimCell(std::string_view col, const Json& pvc) {
  const bool bound = !Str(At(pvc, {"spec", "volumeName"})).empty();
  if (col == "Status") return Deleting(pvc) ? "Terminating" : Str(At(pvc, {"status", "phase"}));
  if (col == "Volume") return Str(At(pvc, {"spec", "volumeName"}));
  if (col == "Capacity")
    return bound ? QuantityString(At(pvc, {"status", "capacity", "storage"})) : "";
  if (col == "Access Modes") return bound ? AccessModes(At(pvc, {"status", "accessModes"})) : "";
  if (col == "StorageClass") return StorageClass(pvc);
  if (col == "VolumeAttributesClass")
    return OrUnset(At(pvc, {"spec", "volumeAttributesClassName"}));
  if (col == "VolumeMode") return OrUnset(At(pvc, {"spec", "volumeMode"}));
  return std::nullopt;
}

bool IsDefaultClass(const Json& sc) {
  const Json& a = At(sc, {"metadata", "annotations"});
  return Str(At(a, {"storageclass.kubernetes.io/is-default-class"})) == "true" ||
         Str(At(a, {"storageclass.beta.kubernetes.io/is-default-class"})) == "true";
}

std::optional<Json> StorageClassCell(std::string_view col, const Json& sc) {
  if (col == "Name") {
    const std::string name = Str(At(sc, {"metadata", "name"}));
    return IsDefaultClass(sc) ? name + " (default)" : name;
  }
  if (col == "Provisioner") return Str(At(sc, {"provisioner"}));
  if (col == "ReclaimPolicy") {
    const std::string policy = Str(At(sc, {"reclaimPolicy"}));
    return policy.empty() ? "Delete" : policy;
  }
  if (col == "VolumeBindingMode") {
    const std::string mode = Str(At(sc, {"volumeBindingMode"}));
    return mode.empty() ? "Immediate" : mode;
  }
  if (col == "AllowVolumeExpansion") return Bool(At(sc, {"allowVolumeExpansion"}));
  return std::nullopt;
}

std::optional<Json> CsiDriverCell(std::string_view col, const Json& d) {
  const Json& spec = At(d, {"spec"});
  if (col == "AttachRequired") return Bool(At(spec, {"attachRequired"}), true);
  if (col == "PodInfoOnMount") return Bool(At(spec, {"podInfoOnMount"}));
  if (col == "StorageCapacity") return Bool(At(spec, {"storageCapacity"}));
  if (col == "RequiresRepublish") return Bool(At(spec, {"requiresRepublish"}));
  if (col == "TokenRequests") {
    const Json& requests = At(spec, {"tokenRequests"});
    if (!requests.is_array()) return "<unset>";
    std::vector<std::string> audiences;
    for (const Json& t : requests) audiences.push_back(Str(At(t, {"audience"})));
    return Join(audiences, ",");
  }
  if (col == "Modes") {
    const Json& modes = At(spec, {"volumeLifecycleModes"});
    std::vector<std::string> all;
    if (modes.is_array()) {
      for (const Json& m : modes) all.push_back(Str(m));
    }
    return all.empty() ? "Persistent" : Join(all, ",");  // the v1 default
  }
  return std::nullopt;
}

}  // namespace

std::optional<Json> VolumeCell(const CellRequest& r) {
  const std::string& kind = r.resource.plural;
  const Json& o = r.object;
  const std::string_view col = r.column;
  if (kind == "persistentvolumes") return PersistentVolumeCell(col, o);
  if (kind == "persistentvolumeclaims") return ClaimCell(col, o);
  if (kind == "storageclasses") return StorageClassCell(col, o);
  if (kind == "csidrivers") return CsiDriverCell(col, o);
  if (kind == "csinodes" && col == "Drivers") return Len(At(o, {"spec", "drivers"}));
  if (kind == "csistoragecapacities") {
    if (col == "StorageClassName") return Str(At(o, {"storageClassName"}));
    if (col == "Capacity")
      return Has(At(o, {"capacity"})) ? QuantityString(At(o, {"capacity"})) : "<unset>";
  }
  if (kind == "volumeattachments") {
    if (col == "Attacher") return Str(At(o, {"spec", "attacher"}));
    if (col == "PV") return Str(At(o, {"spec", "source", "persistentVolumeName"}));
    if (col == "Node") return Str(At(o, {"spec", "nodeName"}));
    if (col == "Attached") return Bool(At(o, {"status", "attached"}));
  }
  return std::nullopt;
}

}  // namespace k1s::apiserver::printers
