// Cluster plumbing: rbac, policy, certificates, coordination, scheduling,
// node, flowcontrol and admissionregistration.
#include "pkg/apiserver/printers.h"
#include "pkg/apiserver/table.h"

namespace k1s::apiserver::printers {
namespace {

// SubjectsStrings, joined with ", ".
std::string Subjects(const Json& binding, std::string_view kind) {
  std::vector<std::string> out;
  const Json& subjects = At(binding, {"subjects"});
  if (subjects.is_array()) {
    for (const Json& s : subjects) {
      if (Str(At(s, {"kind"})) != kind) continue;
      const std::string name = Str(At(s, {"name"}));
      out.push_back(kind == "ServiceAccount" ? Str(At(s, {"namespace"})) + "/" + name : name);
    }
  }
  return Join(out, ", ");
}

std::optional<Json> BindingCell(std::string_view col, const Json& b) {
  if (col == "Role") return Str(At(b, {"roleRef", "kind"})) + "/" + Str(At(b, {"roleRef", "name"}));
  if (col == "Users") return Subjects(b, "User");
  if (col == "Groups") return Subjects(b, "Group");
  if (col == "ServiceAccounts") return Subjects(b, "ServiceAccount");
  return std::nullopt;
}

// extractCSRStatus.
std::string CsrCondition(const Json& csr) {
  bool approved = false, denied = false, failed = false;
  const Json& conditions = At(csr, {"status", "conditions"});
  if (conditions.is_array()) {
    for (const Json& c : conditions) {
      const std::string type = Str(At(c, {"type"}));
      approved |= type == "Approved";
      denied |= type == "Denied";
      failed |= type == "Failed";
    }
  }
  std::string status = denied ? "Denied" : approved ? "Approved" : "Pending";
  if (failed) status += ",Failed";
  if (!Str(At(csr, {"status", "certificate"})).empty()) status += ",Issued";
  return status;
}

std::optional<Json> CsrCell(std::string_view col, const Json& csr) {
  const Json& spec = At(csr, {"spec"});
  if (col == "SignerName") {
    const std::string signer = Str(At(spec, {"signerName"}));
    return signer.empty() ? "<none>" : signer;
  }
  if (col == "Requestor") return Str(At(spec, {"username"}));
  if (col == "RequestedDuration") {
    const Json& seconds = At(spec, {"expirationSeconds"});
    return Has(seconds) ? HumanDuration(std::chrono::seconds(Int(seconds))) : "<none>";
  }
  if (col == "Condition") return CsrCondition(csr);
  return std::nullopt;
}

std::optional<Json> FlowSchemaCell(std::string_view col, const Json& fs) {
  const Json& spec = At(fs, {"spec"});
  if (col == "PriorityLevel") return Str(At(spec, {"priorityLevelConfiguration", "name"}));
  if (col == "MatchingPrecedence") {
    const int64_t precedence = Int(At(spec, {"matchingPrecedence"}));
    return precedence == 0 ? int64_t{1000} : precedence;  // the v1 default
  }
  if (col == "DistinguisherMethod") {
    const Json& method = At(spec, {"distinguisherMethod"});
    return Has(method) ? Str(At(method, {"type"})) : "<none>";
  }
  if (col == "MissingPL") {
    const Json& dangling = Condition(At(fs, {"status", "conditions"}), "Dangling");
    return dangling.is_object() ? Str(At(dangling, {"status"})) : "?";
  }
  return std::nullopt;
}

std::optional<Json> PriorityLevelCell(std::string_view col, const Json& pl) {
  const Json& limited = At(pl, {"spec", "limited"});
  const Json& queuing = At(limited, {"limitResponse", "queuing"});
  auto queue_field = [&](const char* field) -> Json {
    return queuing.is_object() ? Json(Int(At(queuing, {field}))) : Json("<none>");
  };
  if (col == "Type") return Str(At(pl, {"spec", "type"}));
  if (col == "NominalConcurrencyShares") {
    if (!limited.is_object()) return "<none>";
    return Int(At(limited, {"nominalConcurrencyShares"}), 30);  // the v1 default
  }
  if (col == "Queues") return queue_field("queues");
  if (col == "HandSize") return queue_field("handSize");
  if (col == "QueueLengthLimit") return queue_field("queueLengthLimit");
  return std::nullopt;
}

std::optional<Json> AdmissionCell(const std::string& kind, std::string_view col, const Json& o) {
  if (col == "Webhooks") return Len(At(o, {"webhooks"}));
  if (kind == "validatingadmissionpolicies") {
    if (col == "Validations") return Len(At(o, {"spec", "validations"}));
    if (col == "ParamKind") {
      const Json& pk = At(o, {"spec", "paramKind"});
      if (!pk.is_object()) return "<unset>";
      return Str(At(pk, {"apiVersion"})) + "/" + Str(At(pk, {"kind"}));
    }
  }
  if (kind == "validatingadmissionpolicybindings") {
    if (col == "PolicyName") return Str(At(o, {"spec", "policyName"}));
    if (col == "ParamRef") {
      const Json& ref = At(o, {"spec", "paramRef"});
      if (!ref.is_object()) return "<unset>";
      const std::string name = Str(At(ref, {"name"})), ns = Str(At(ref, {"namespace"}));
      if (!name.empty()) return (ns.empty() ? "*" : ns) + "/" + name;
      // Go prints the selector struct here; its selector string is the closest readable form.
      if (Has(At(ref, {"selector"}))) return FormatLabelSelector(At(ref, {"selector"}));
      return "<unset>";
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Json> ClusterCell(const CellRequest& r) {
  const std::string& kind = r.resource.plural;
  const Json& o = r.object;
  const std::string_view col = r.column;
  if (kind == "rolebindings" || kind == "clusterrolebindings") return BindingCell(col, o);
  if (kind == "certificatesigningrequests") return CsrCell(col, o);
  if (kind == "flowschemas") return FlowSchemaCell(col, o);
  if (kind == "prioritylevelconfigurations") return PriorityLevelCell(col, o);
  if (r.resource.group == "admissionregistration.k8s.io") return AdmissionCell(kind, col, o);
  if (kind == "poddisruptionbudgets") {
    auto bound = [&](const char* field) -> std::string {
      const Json& v = At(o, {"spec", field});
      return Has(v) ? IntOrString(v) : "N/A";
    };
    if (col == "Min Available") return bound("minAvailable");
    if (col == "Max Unavailable") return bound("maxUnavailable");
    if (col == "Allowed Disruptions") return Int(At(o, {"status", "disruptionsAllowed"}));
  }
  if (kind == "leases" && col == "Holder") return Str(At(o, {"spec", "holderIdentity"}));
  if (kind == "priorityclasses") {
    if (col == "Value") return Int(At(o, {"value"}));
    if (col == "Global-Default") return Bool(At(o, {"globalDefault"}));
    if (col == "PreemptionPolicy") {
      const std::string policy = Str(At(o, {"preemptionPolicy"}));
      return policy.empty() ? "PreemptLowerPriority" : policy;  // the v1 default
    }
  }
  if (kind == "runtimeclasses" && col == "Handler") return Str(At(o, {"handler"}));
  return std::nullopt;
}

}  // namespace k1s::apiserver::printers
