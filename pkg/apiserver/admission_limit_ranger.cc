// LimitRanger: the LimitRanges of a namespace, applied as kube-apiserver
// applies them. A new pod's containers get the Container defaults they lack
// (default: limits, defaultRequest: requests; the pod is annotated with what
// was set) and must then keep within each Container and Pod min, max and
// maxLimitRequestRatio; a PersistentVolumeClaim's storage request must keep
// within the PersistentVolumeClaim min and max.
#include <cstdio>
#include <functional>
#include <limits>
#include <map>

#include "pkg/api/quantity.h"
#include "pkg/apiserver/admission.h"
#include "pkg/apiserver/defaults.h"

namespace k1s::apiserver {

namespace {

using api::Quantity;
using ResourceList = std::map<std::string, Quantity>;

constexpr const char* kAnnotation = "kubernetes.io/limit-ranger";
// resource.MaxMilliValue: values above it are compared in whole units.
constexpr int64_t kMaxMilliValue = std::numeric_limits<int64_t>::max() / 1000;

ResourceList ListOf(const Json& list) {
  ResourceList out;
  if (!list.is_object()) return out;
  for (const auto& [name, value] : list.items()) {
    std::string text = value.is_string()   ? value.get<std::string>()
                       : value.is_number() ? value.dump()
                                           : "";
    if (auto q = api::ParseExactQuantity(text)) out[name] = *q;
  }
  return out;
}

const Json& Field(const Json& object, const char* key) {
  static const Json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

// The request, limit and enforced values compared: in millis when all three
// fit, else in whole units.
struct Observed {
  int64_t request, limit, enforced;
};
Observed Compare(const Quantity* request, const Quantity* limit, const Quantity& enforced) {
  const Quantity zero;
  const Quantity& req = request ? *request : zero;
  const Quantity& lim = limit ? *limit : zero;
  Observed o{req.Value(), lim.Value(), enforced.Value()};
  if (o.request <= kMaxMilliValue && o.limit <= kMaxMilliValue && o.enforced <= kMaxMilliValue) {
    o = {req.MilliValue(), lim.MilliValue(), enforced.MilliValue()};
  }
  return o;
}

const Quantity* Find(const ResourceList& list, const std::string& name) {
  auto it = list.find(name);
  return it == list.end() ? nullptr : &it->second;
}

void MinConstraint(const std::string& type, const std::string& resource, const Quantity& enforced,
                   const ResourceList& requests, const ResourceList& limits,
                   std::vector<std::string>* errs) {
  const Quantity* req = Find(requests, resource);
  const Quantity* lim = Find(limits, resource);
  const Observed o = Compare(req, lim, enforced);
  const std::string head =
      "minimum " + resource + " usage per " + type + " is " + enforced.String();
  if (req == nullptr) {
    errs->push_back(head + ".  No request is specified");
  } else if (o.request < o.enforced) {
    errs->push_back(head + ", but request is " + req->String());
  } else if (lim != nullptr && o.limit < o.enforced) {
    errs->push_back(head + ", but limit is " + lim->String());
  }
}

void MaxConstraint(const std::string& type, const std::string& resource, const Quantity& enforced,
                   const ResourceList& requests, const ResourceList& limits,
                   std::vector<std::string>* errs) {
  const Quantity* req = Find(requests, resource);
  const Quantity* lim = Find(limits, resource);
  const Observed o = Compare(req, lim, enforced);
  const std::string head =
      "maximum " + resource + " usage per " + type + " is " + enforced.String();
  if (lim == nullptr) {
    errs->push_back(head + ".  No limit is specified");
  } else if (o.limit > o.enforced) {
    errs->push_back(head + ", but limit is " + lim->String());
  } else if (req != nullptr && o.request > o.enforced) {
    errs->push_back(head + ", but request is " + req->String());
  }
}

// PersistentVolumeClaims have no limits: max applies to the request.
void MaxRequestConstraint(const std::string& type, const std::string& resource,
                          const Quantity& enforced, const ResourceList& requests,
                          std::vector<std::string>* errs) {
  const Quantity* req = Find(requests, resource);
  const Observed o = Compare(req, nullptr, enforced);
  const std::string head =
      "maximum " + resource + " usage per " + type + " is " + enforced.String();
  if (req == nullptr) {
    errs->push_back(head + ".  No request is specified");
  } else if (o.request > o.enforced) {
    errs->push_back(head + ", but request is " + req->String());
  }
}

// Go's %f.
std::string Fixed6(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%f", v);
  return buf;
}

void RatioConstraint(const std::string& type, const std::string& resource, const Quantity& enforced,
                     const ResourceList& requests, const ResourceList& limits,
                     std::vector<std::string>* errs) {
  const Quantity* req = Find(requests, resource);
  const Quantity* lim = Find(limits, resource);
  const Observed o = Compare(req, lim, enforced);
  const std::string head =
      resource + " max limit to request ratio per " + type + " is " + enforced.String();
  if (req == nullptr || o.request == 0) {
    errs->push_back(head + ", but no request is specified or request is 0");
    return;
  }
  if (lim == nullptr || o.limit == 0) {
    errs->push_back(head + ", but no limit is specified or limit is 0");
    return;
  }
  double observed = static_cast<double>(o.limit) / static_cast<double>(o.request);
  const double display = observed;
  double max_ratio = static_cast<double>(enforced.Value());
  if (enforced.Value() <= kMaxMilliValue) {
    observed *= 1000;
    max_ratio = static_cast<double>(enforced.MilliValue());
  }
  if (observed > max_ratio) errs->push_back(head + ", but provided ratio is " + Fixed6(display));
}

// One item of spec.limits, with LimitRange's own defaults applied (max
// defaults the default limit, which with min defaults the default request),
// as the API server stores them.
struct LimitItem {
  std::string type;
  ResourceList min, max, defaults, default_requests, ratio;
};

LimitItem ItemOf(const Json& item) {
  LimitItem out;
  out.type = Field(item, "type").is_string() ? Field(item, "type").get<std::string>() : "";
  out.min = ListOf(Field(item, "min"));
  out.max = ListOf(Field(item, "max"));
  out.defaults = ListOf(Field(item, "default"));
  out.default_requests = ListOf(Field(item, "defaultRequest"));
  out.ratio = ListOf(Field(item, "maxLimitRequestRatio"));
  if (out.type == "Container") {
    for (const auto& [k, v] : out.max) out.defaults.emplace(k, v);
    for (const auto& [k, v] : out.defaults) out.default_requests.emplace(k, v);
    for (const auto& [k, v] : out.min) out.default_requests.emplace(k, v);
  }
  return out;
}

std::vector<LimitItem> ItemsOf(const Json& limit_range) {
  std::vector<LimitItem> out;
  const Json& limits = Field(Field(limit_range, "spec"), "limits");
  if (!limits.is_array()) return out;
  for (const Json& item : limits) out.push_back(ItemOf(item));
  return out;
}

std::string Join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

// Fills in what a container lacks from the Container defaults of one
// LimitRange; notes what it set for the annotation.
void DefaultContainer(Json& container, const std::vector<LimitItem>& items, const std::string& what,
                      std::vector<std::string>* notes) {
  ResourceList limits, requests;  // the range's defaults (a later item wins, as in Kubernetes)
  std::map<std::string, std::string> limit_text, request_text;
  for (const LimitItem& item : items) {
    if (item.type != "Container") continue;
    for (const auto& [k, v] : item.defaults) limits[k] = v;
    for (const auto& [k, v] : item.default_requests) requests[k] = v;
  }
  if (limits.empty() && requests.empty()) return;
  if (!container.contains("resources") || !container["resources"].is_object())
    container["resources"] = Json::object();
  Json& resources = container["resources"];
  std::vector<std::string> set_limits, set_requests;
  auto fill = [&](const char* key, const ResourceList& defaults, std::vector<std::string>* set) {
    if (defaults.empty()) return;
    if (!resources.contains(key) || !resources[key].is_object()) resources[key] = Json::object();
    for (const auto& [name, q] : defaults) {
      if (resources[key].contains(name)) continue;
      resources[key][name] = q.String();
      set->push_back(name);
    }
  };
  fill("limits", limits, &set_limits);
  fill("requests", requests, &set_requests);
  const std::string name = container.value("name", "");
  if (!set_requests.empty())
    notes->push_back(Join(set_requests, ", ") + " request for " + what + " " + name);
  if (!set_limits.empty())
    notes->push_back(Join(set_limits, ", ") + " limit for " + what + " " + name);
}

void ForEachContainer(Json& spec, const std::function<void(Json&, const std::string&)>& visit) {
  for (auto [list, what] :
       {std::pair{"containers", "container"}, std::pair{"initContainers", "init container"}}) {
    if (!spec.contains(list) || !spec[list].is_array()) continue;
    for (Json& c : spec[list]) {
      if (c.is_object()) visit(c, what);
    }
  }
}

// The pod's total: containers summed, each init container taken alone when
// it asks for more, plus the pod's overhead.
std::pair<ResourceList, ResourceList> PodTotals(const Json& spec) {
  ResourceList requests, limits;
  auto add = [](ResourceList& to, const ResourceList& from) {
    for (const auto& [k, v] : from) {
      auto it = to.find(k);
      if (it == to.end()) {
        to[k] = v;
      } else {
        it->second = it->second.Plus(v);
      }
    }
  };
  auto at_least = [](ResourceList& to, const ResourceList& from) {
    for (const auto& [k, v] : from) {
      auto it = to.find(k);
      if (it == to.end() || it->second.nanos < v.nanos) to[k] = v;
    }
  };
  const Json& containers = Field(spec, "containers");
  if (containers.is_array()) {
    for (const Json& c : containers) {
      add(requests, ListOf(Field(Field(c, "resources"), "requests")));
      add(limits, ListOf(Field(Field(c, "resources"), "limits")));
    }
  }
  const Json& inits = Field(spec, "initContainers");
  if (inits.is_array()) {
    for (const Json& c : inits) {
      at_least(requests, ListOf(Field(Field(c, "resources"), "requests")));
      at_least(limits, ListOf(Field(Field(c, "resources"), "limits")));
    }
  }
  const ResourceList overhead = ListOf(Field(spec, "overhead"));
  add(requests, overhead);
  add(limits, overhead);
  return {requests, limits};
}

std::vector<std::string> ValidatePod(const std::vector<LimitItem>& items, const Json& spec) {
  std::vector<std::string> errs;
  for (const LimitItem& item : items) {
    if (item.type == "Container") {
      for (const char* list : {"containers", "initContainers"}) {
        const Json& containers = Field(spec, list);
        if (!containers.is_array()) continue;
        for (const Json& c : containers) {
          const ResourceList requests = ListOf(Field(Field(c, "resources"), "requests"));
          const ResourceList limits = ListOf(Field(Field(c, "resources"), "limits"));
          for (const auto& [k, v] : item.min)
            MinConstraint(item.type, k, v, requests, limits, &errs);
          for (const auto& [k, v] : item.max)
            MaxConstraint(item.type, k, v, requests, limits, &errs);
          for (const auto& [k, v] : item.ratio)
            RatioConstraint(item.type, k, v, requests, limits, &errs);
        }
      }
    } else if (item.type == "Pod") {
      const auto [requests, limits] = PodTotals(spec);
      for (const auto& [k, v] : item.min) MinConstraint(item.type, k, v, requests, limits, &errs);
      for (const auto& [k, v] : item.max) MaxConstraint(item.type, k, v, requests, limits, &errs);
      for (const auto& [k, v] : item.ratio)
        RatioConstraint(item.type, k, v, requests, limits, &errs);
    }
  }
  return errs;
}

std::vector<std::string> ValidateClaim(const std::vector<LimitItem>& items, const Json& spec) {
  std::vector<std::string> errs;
  const ResourceList requests = ListOf(Field(Field(spec, "resources"), "requests"));
  for (const LimitItem& item : items) {
    if (item.type != "PersistentVolumeClaim") continue;
    for (const auto& [k, v] : item.min) MinConstraint(item.type, k, v, requests, {}, &errs);
    for (const auto& [k, v] : item.max) MaxRequestConstraint(item.type, k, v, requests, &errs);
  }
  return errs;
}

// utilerrors.NewAggregate's message: one error as it is, several in [a, b].
std::string Aggregate(const std::vector<std::string>& errs) {
  if (errs.size() == 1) return errs[0];
  return "[" + Join(errs, ", ") + "]";
}

std::string NameOf(const Json& object) {
  const Json& meta = Field(object, "metadata");
  const std::string name = meta.value("name", "");
  const std::string generate = meta.value("generateName", "");
  if (!generate.empty() && name.size() == generate.size() + 5 && name.rfind(generate, 0) == 0)
    return generate;
  return name;
}

class LimitRangerAdmission final : public AdmissionPlugin {
 public:
  std::string_view name() const override { return "LimitRanger"; }
  bool Handles(const api::Resource& resource, std::string_view subresource,
               AdmissionOperation operation) const override {
    if (!resource.group.empty() || !subresource.empty()) return false;
    // A pod's containers and their resources cannot change once created.
    if (resource.plural == "pods") return operation == AdmissionOperation::kCreate;
    return resource.plural == "persistentvolumeclaims" && operation != AdmissionOperation::kDelete;
  }

  Status Admit(AdmissionRequest& request) const override {
    RestContext& ctx = request.ctx;
    auto ranges = ctx.registry.Find("", "v1", "limitranges");
    if (ranges == nullptr) return Status::Ok();
    K1S_ASSIGN_OR_RETURN(std::vector<Json> ranges_here, ctx.objects.ListCached(*ranges, ctx.info.namespace_name));
    if (ranges_here.empty()) return Status::Ok();
    Json& object = *request.object;
    if (!object.contains("spec") || !object["spec"].is_object()) return Status::Ok();
    Json& spec = object["spec"];
    const bool pod = ctx.resource.plural == "pods";
    if (pod) {
      bool defaulted = false;
      for (const Json& range : ranges_here) {
        const std::vector<LimitItem> items = ItemsOf(range);
        std::vector<std::string> notes;
        ForEachContainer(spec, [&](Json& c, const std::string& what) {
          DefaultContainer(c, items, what, &notes);
        });
        if (notes.empty()) continue;
        // Each range that sets something rewrites the annotation, as in Kubernetes.
        Json& meta = object["metadata"];
        if (!meta.contains("annotations") || !meta["annotations"].is_object())
          meta["annotations"] = Json::object();
        meta["annotations"][kAnnotation] = "LimitRanger plugin set: " + Join(notes, "; ");
        defaulted = true;
      }
      if (defaulted) {
        // The QoS class follows the resources just set.
        Json status = InitialStatus(ctx.resource, object);
        if (status.is_object() && status.contains("qosClass") && object.contains("status") &&
            object["status"].is_object()) {
          object["status"]["qosClass"] = status["qosClass"];
        }
      }
    }
    for (const Json& range : ranges_here) {
      const std::vector<LimitItem> items = ItemsOf(range);
      std::vector<std::string> errs = pod ? ValidatePod(items, spec) : ValidateClaim(items, spec);
      if (!errs.empty()) {
        return Status::Forbidden(ctx.resource.plural + " \"" + NameOf(object) +
                                 "\" is forbidden: " + Aggregate(errs));
      }
    }
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<AdmissionPlugin> NewLimitRangerAdmission() {
  return std::make_unique<LimitRangerAdmission>();
}

}  // namespace k1s::apiserver
