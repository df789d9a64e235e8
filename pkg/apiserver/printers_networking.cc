// networking.k8s.io/v1 and discovery.k8s.io/v1.
#include <set>

#include "pkg/apiserver/printers.h"

namespace k1s::apiserver::printers {
namespace {

// formatHosts: up to three hosts, "*" when no rule names one.
std::string Hosts(const Json& rules) {
  constexpr size_t kMax = 3;
  std::vector<std::string> list;
  bool more = false;
  if (rules.is_array()) {
    for (const Json& rule : rules) {
      if (list.size() == kMax) more = true;
      const std::string host = Str(At(rule, {"host"}));
      if (!more && !host.empty()) list.push_back(host);
    }
  }
  if (list.empty()) return "*";
  std::string out = Join(list, ",");
  if (more) out += " + " + std::to_string(Len(rules) - static_cast<int64_t>(kMax)) + " more...";
  return out;
}

std::string Addresses(const Json& ingress) {
  std::set<std::string> found;
  if (ingress.is_array()) {
    for (const Json& i : ingress) {
      const std::string ip = Str(At(i, {"ip"})), host = Str(At(i, {"hostname"}));
      if (!ip.empty()) {
        found.insert(ip);
      } else if (!host.empty()) {
        found.insert(host);
      }
    }
  }
  return Join({found.begin(), found.end()}, ",");
}

// listWithMoreString: up to three, "<unset>" when there are none.
std::string ListWithMore(const std::vector<std::string>& all) {
  constexpr size_t kMax = 3;
  if (all.empty()) return "<unset>";
  std::vector<std::string> shown(all.begin(),
                                 all.begin() + static_cast<long>(std::min(kMax, all.size())));
  std::string out = Join(shown, ",");
  if (all.size() > kMax) out += " + " + std::to_string(all.size() - kMax) + " more...";
  return out;
}

std::string SlicePorts(const Json& ports) {
  std::vector<std::string> all;
  if (ports.is_array()) {
    for (const Json& p : ports) {
      if (At(p, {"port"}).is_number()) {
        all.push_back(std::to_string(Int(At(p, {"port"}))));
      } else if (At(p, {"name"}).is_string()) {
        all.push_back(Str(At(p, {"name"})));
      } else {
        all.push_back("*");
      }
    }
  }
  return ListWithMore(all);
}

std::string SliceEndpoints(const Json& endpoints) {
  std::vector<std::string> all;
  if (endpoints.is_array()) {
    for (const Json& e : endpoints) {
      const Json& addresses = At(e, {"addresses"});
      if (!addresses.is_array()) continue;
      for (const Json& a : addresses) all.push_back(Str(a));
    }
  }
  return ListWithMore(all);
}

std::string IngressClassParameters(const Json& params) {
  if (!params.is_object()) return "<none>";
  std::string out = Str(At(params, {"kind"}));
  if (Has(At(params, {"apiGroup"}))) out += "." + Str(At(params, {"apiGroup"}));
  return out + "/" + Str(At(params, {"name"}));
}

}  // namespace

std::optional<Json> NetworkingCell(const CellRequest& r) {
  const std::string& kind = r.resource.plural;
  const Json& o = r.object;
  const std::string_view col = r.column;
  if (kind == "ingresses") {
    if (col == "Class") {
      const Json& name = At(o, {"spec", "ingressClassName"});
      return Has(name) ? Str(name) : "<none>";
    }
    if (col == "Hosts") return Hosts(At(o, {"spec", "rules"}));
    if (col == "Address") return Addresses(At(o, {"status", "loadBalancer", "ingress"}));
    if (col == "Ports") return Len(At(o, {"spec", "tls"})) != 0 ? "80, 443" : "80";
  }
  if (kind == "ingressclasses") {
    if (col == "Controller") return Str(At(o, {"spec", "controller"}));
    if (col == "Parameters") return IngressClassParameters(At(o, {"spec", "parameters"}));
  }
  if (kind == "networkpolicies" && col == "Pod-Selector") {
    // spec.podSelector is a struct, not a pointer: absent means {}.
    const Json& selector = At(o, {"spec", "podSelector"});
    return FormatLabelSelector(selector.is_null() ? Json::object() : selector);
  }
  if (kind == "endpointslices") {
    if (col == "AddressType") return Str(At(o, {"addressType"}));
    if (col == "Ports") return SlicePorts(At(o, {"ports"}));
    if (col == "Endpoints") return SliceEndpoints(At(o, {"endpoints"}));
  }
  return std::nullopt;
}

}  // namespace k1s::apiserver::printers
