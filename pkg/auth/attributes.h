// Who asks for what: the input of every authorization decision, in
// Kubernetes' terms (authorizer.Attributes), and how a denial is worded.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "pkg/util/fields.h"

namespace k1s::auth {

// An authenticated identity (user.Info): name, uid, groups, extra.
struct User {
  std::string name;
  std::string uid;
  std::vector<std::string> groups;
  std::map<std::string, std::vector<std::string>> extra;

  bool InGroup(const std::string& group) const;
};

struct Attributes {
  User user;
  // get, list, watch, create, update, patch, delete, deletecollection,
  // impersonate, approve, ...; for a non-resource request the lower-cased
  // HTTP method.
  std::string verb;
  bool resource_request = false;
  // Resource requests.
  std::string api_group;
  std::string resource;     // plural, without the subresource
  std::string subresource;  // e.g. "log", "status"; "" for the object itself
  std::string namespace_name;
  std::string name;
  // list, watch, deletecollection: the request's fieldSelector, which
  // authorizers may look at (the Node authorizer lets a node list the pods
  // with spec.nodeName=<itself>); empty when there is none or it does not
  // parse.
  std::vector<FieldRequirement> field_selector;
  // Non-resource requests: the URL path.
  std::string path;
};

// The reason kube-apiserver gives for a denial, e.g.
//   User "alice" cannot list resource "pods" in API group "" in the namespace "default"
//   User "alice" cannot get path "/metrics"
std::string ForbiddenReason(const Attributes& attributes);

// The whole message of the 403 Status:
//   pods is forbidden: User "alice" cannot list resource ...
//   pods "web" is forbidden: User ...
//   forbidden: User "alice" cannot get path "/metrics"
// `reason` (the authorizer's explanation, may be empty) is appended after ": ".
std::string ForbiddenMessage(const Attributes& attributes, const std::string& reason = "");

}  // namespace k1s::auth
