// ResourceList: corev1.ResourceList (resource name -> Quantity) and the
// helpers of k8s.io/apiserver/pkg/quota/v1 that quota admission and the
// quota controller share. Names are kept sorted, as the messages print them.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "pkg/quota/quantity.h"

namespace k1s::quota {

using ResourceList = std::map<std::string, Quantity>;
using ResourceNames = std::vector<std::string>;

// A stored ResourceList (spec.hard, status.used, container requests);
// entries that are not quantities are left out.
ResourceList ParseResourceList(const nlohmann::json& list);
// Canonical strings, as kube-apiserver would store them.
nlohmann::json ToJson(const ResourceList& list);

ResourceNames Names(const ResourceList& list);
bool Contains(const ResourceNames& names, const std::string& name);
// a + b, key by key (a key in only one of them is copied).
ResourceList Add(const ResourceList& a, const ResourceList& b);
// a - b for the keys of a, never below zero.
ResourceList SubtractWithNonNegativeResult(const ResourceList& a, const ResourceList& b);
// The entries of `list` whose names are in `names`.
ResourceList Mask(const ResourceList& list, const ResourceNames& names);
// Same names, equal quantities.
bool Equals(const ResourceList& a, const ResourceList& b);
// Whether every quantity of `a` that `b` also names is at most b's; the
// names that are not, sorted.
std::pair<bool, ResourceNames> LessThanOrEqual(const ResourceList& a, const ResourceList& b);
ResourceList RemoveZeros(const ResourceList& list);
ResourceNames IsNegative(const ResourceList& list);
// "a=1,b=2Gi" (names sorted), as quota messages print a list.
std::string PrettyPrint(const ResourceList& list);
// "a,b" sorted.
std::string PrettyPrintNames(ResourceNames names);

}  // namespace k1s::quota
