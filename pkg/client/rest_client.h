// RestClient: the Client interface spoken as Kubernetes REST requests over a
// Transport. Paths, query parameters and content types are what kubectl
// sends; error answers become Status values with the server's code.
#pragma once

#include <memory>
#include <string>

#include "pkg/client/client.h"
#include "pkg/client/transport.h"

namespace k1s::client {

struct RestClientOptions {
  // Objects in replies (Get, Create, Update, Patch) come back without
  // metadata.managedFields, cut from the text before it is parsed: for
  // in-process components, which never read them (an update without them
  // keeps the stored ones) and would spend half of each parse on them.
  bool drop_managed_fields = false;
};

class RestClient final : public Client {
 public:
  // `user_agent` names the component in the server's logs and in
  // managedFields (e.g. "k1s-scheduler").
  RestClient(std::unique_ptr<Transport> transport, std::string user_agent, RestClientOptions options = {})
      : transport_(std::move(transport)), user_agent_(std::move(user_agent)), options_(options) {}

  Result<Json> Get(const ResourceId& r, std::string_view ns, std::string_view name,
                   std::string_view subresource) override;
  Result<Json> List(const ResourceId& r, std::string_view ns, const ListOptions& options) override;
  Result<std::unique_ptr<WatchStream>> Watch(const ResourceId& r, std::string_view ns,
                                             const WatchOptions& options) override;
  Result<Json> Create(const ResourceId& r, std::string_view ns, const Json& object,
                      std::string_view name, std::string_view subresource) override;
  Result<Json> Update(const ResourceId& r, std::string_view ns, const Json& object,
                      std::string_view subresource) override;
  Result<Json> Patch(const ResourceId& r, std::string_view ns, std::string_view name,
                     PatchType type, const Json& patch, std::string_view subresource) override;
  Status Delete(const ResourceId& r, std::string_view ns, std::string_view name,
                const DeleteOptions& options) override;

 private:
  using Query = std::vector<std::pair<std::string, std::string>>;
  Result<Json> Call(std::string method, std::string path, Query query, std::string content_type,
                    std::string body);

  std::unique_ptr<Transport> transport_;
  const std::string user_agent_;
  const RestClientOptions options_;
};

// The URL path of a collection or object: /api/v1/namespaces/ns/pods/name/status.
std::string ResourcePath(const ResourceId& r, std::string_view ns, std::string_view name = "",
                         std::string_view subresource = "");
// A Status for an error answer: the code from the metav1.Status reason (or
// the HTTP code), its message and causes.
Status StatusFromAnswer(int http_code, const std::string& body);

}  // namespace k1s::client
