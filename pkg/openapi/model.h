// The dialect-neutral model both documents are rendered from: the paths and
// operations kube-apiserver exposes for each resource, and the definitions
// (the schema table plus generated list kinds and placeholders).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pkg/openapi/documents.h"
#include "pkg/openapi/schema_table.h"

namespace k1s::openapi {

struct Parameter {
  std::string name;
  std::string in;  // "query" or "path"
  std::string type;
  std::string description;
  bool required = false;
};

struct Operation {
  std::string method;  // "get", "put", "post", "delete", "patch"
  std::string id;      // operationId, e.g. "readCoreV1NamespacedPod"
  std::string tag;     // e.g. "core_v1"
  std::string description;
  std::string action;  // x-kubernetes-action
  std::optional<Gvk> gvk;
  std::vector<Parameter> query;
  std::string body;  // request body definition; "" for none
  bool optional_body = false;
  bool patch = false;  // body is a patch in one of the patch content types
  bool smp = false;    // strategic merge patches accepted
  std::string response;  // response definition; "" for a plain string
  std::vector<int> codes = {200};
  bool streams = false;  // list and watch: also served as a watch stream
};

struct PathItem {
  std::string path;
  std::vector<Parameter> params;  // path-level: name, namespace, pretty
  std::vector<Operation> ops;
};

struct GroupVersionModel {
  std::vector<PathItem> paths;
};

struct Model {
  std::map<std::string, Definition> definitions;
  std::map<std::string, GroupVersionModel> group_versions;  // "api/v1", "apis/apps/v1"
};

Model BuildModel(const Resources& resources);

}  // namespace k1s::openapi
