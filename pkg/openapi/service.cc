#include "pkg/openapi/service.h"

#include <openssl/evp.h>

#include <ctime>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/openapi/documents.h"
#include "pkg/openapi/v2_protobuf.h"

namespace k1s::openapi {

namespace {

constexpr std::string_view kV2ProtobufType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
constexpr std::string_view kV2ProtobufTypeOld = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

std::string Sha512Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha512(), nullptr);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

std::string HttpDate(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

struct Body {
  std::string data;
  std::string etag;  // unquoted
};

Body MakeBody(std::string data) {
  Body b{std::move(data), ""};
  b.etag = Sha512Hex(b.data);
  return b;
}

std::string ServerRelativeUrl(const std::string& key, const std::string& etag) {
  return "/openapi/v3/" + key + "?hash=" + etag;
}

// The media types of the Accept header, in order, without parameters.
std::vector<std::string> AcceptedTypes(const std::string& accept) {
  std::vector<std::string> out;
  if (accept.empty()) return {"*/*"};
  size_t start = 0;
  while (start <= accept.size()) {
    size_t comma = accept.find(',', start);
    if (comma == std::string::npos) comma = accept.size();
    std::string clause = accept.substr(start, comma - start);
    clause = clause.substr(0, clause.find(';'));
    size_t b = clause.find_first_not_of(" \t");
    size_t e = clause.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(clause.substr(b, e - b + 1));
    start = comma + 1;
  }
  return out;
}

bool MatchesJson(const std::string& type) {
  return type == "application/json" || type == "application/*" || type == "*/*";
}

bool EtagMatches(const http::Request& request, const std::string& etag) {
  std::string inm = request.Header("If-None-Match");
  if (inm.empty()) return false;
  return inm == "*" || inm.find("\"" + etag + "\"") != std::string::npos;
}

http::Response NotModified(const std::string& etag) {
  http::Response r;
  r.status = 304;
  r.headers.emplace("Etag", "\"" + etag + "\"");
  return r;
}

http::Response Document(const Body& body, std::string_view content_type, std::time_t modified) {
  http::Response r;
  r.status = 200;
  r.body = body.data;
  r.headers.emplace("Content-Type", std::string(content_type));
  r.headers.emplace("Etag", "\"" + body.etag + "\"");
  r.headers.emplace("Last-Modified", HttpDate(modified));
  return r;
}

http::Response NotAcceptable() {
  return http::Response::Text(406, "406 Not Acceptable: the requested media type is not served\n");
}

}  // namespace

struct OpenApiService::Snapshot {
  Resources resources;  // what the documents were built from
  std::time_t built = 0;
  Body v3_root;
  std::map<std::string, Body> v3;
  Body v2_json;
  Body v2_protobuf;  // carries v2_json's etag, as kube-apiserver does
};

OpenApiService::OpenApiService(const api::Registry& registry) : registry_(registry) {}
OpenApiService::~OpenApiService() = default;

std::shared_ptr<const OpenApiService::Snapshot> OpenApiService::Current() {
  Resources resources = registry_.All();
  std::lock_guard<std::mutex> lock(mu_);
  // The snapshot holds the shared pointers, so an address cannot be reused by
  // a new resource while it is compared against.
  if (snapshot_ != nullptr && snapshot_->resources == resources) return snapshot_;
  auto s = std::make_shared<Snapshot>();
  Documents docs = BuildDocuments(resources);
  Json root = {{"paths", Json::object()}};
  for (auto& [key, doc] : docs.v3) {
    Body body = MakeBody(doc.dump());
    root["paths"][key] = {{"serverRelativeURL", ServerRelativeUrl(key, body.etag)}};
    s->v3.emplace(key, std::move(body));
  }
  s->v3_root = MakeBody(root.dump());
  s->v2_json = MakeBody(docs.v2.dump());
  s->v2_protobuf = Body{EncodeV2Protobuf(docs.v2), s->v2_json.etag};
  s->resources = std::move(resources);
  s->built = std::time(nullptr);
  snapshot_ = s;
  return s;
}

std::optional<http::Response> OpenApiService::Serve(const http::Request& request) {
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  std::string path = request.path;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  const std::vector<std::string> accepted = AcceptedTypes(request.Header("Accept"));

  if (path == "/openapi/v2") {
    auto s = Current();
    for (const std::string& type : accepted) {
      const Body* body = nullptr;
      std::string_view content_type;
      if (MatchesJson(type)) {
        body = &s->v2_json;
        content_type = "application/json";
      } else if (type == kV2ProtobufType || type == kV2ProtobufTypeOld) {
        body = &s->v2_protobuf;
        content_type = kV2ProtobufType;
      } else {
        continue;
      }
      if (EtagMatches(request, body->etag)) return NotModified(body->etag);
      http::Response r = Document(*body, content_type, s->built);
      r.headers.emplace("Vary", "Accept");
      return r;
    }
    return NotAcceptable();
  }

  if (path == "/openapi/v3") {
    auto s = Current();
    if (EtagMatches(request, s->v3_root.etag)) return NotModified(s->v3_root.etag);
    return Document(s->v3_root, "application/json", s->built);
  }

  if (!path.starts_with("/openapi/v3/")) return std::nullopt;
  const std::string key = path.substr(std::string_view("/openapi/v3/").size());
  auto s = Current();
  auto it = s->v3.find(key);
  if (it == s->v3.end()) {
    return http::Response::Text(404, "404 page not found\n");
  }
  const Body& body = it->second;
  bool json = false;
  for (const std::string& type : accepted) json = json || MatchesJson(type);
  if (!json) return NotAcceptable();
  std::optional<std::string> hash = request.Query("hash");
  if (hash && !hash->empty() && *hash != body.etag) {
    http::Response r;
    r.status = 301;
    r.headers.emplace("Location", ServerRelativeUrl(key, body.etag));
    r.headers.emplace("Vary", "Accept");
    return r;
  }
  if (EtagMatches(request, body.etag)) return NotModified(body.etag);
  http::Response r = Document(body, "application/json", s->built);
  r.headers.emplace("Vary", "Accept");
  if (hash && !hash->empty()) {
    r.headers.emplace("Cache-Control", "public, immutable");
    r.headers.emplace("Expires", HttpDate(std::time(nullptr) + 365L * 24 * 3600));
  }
  return r;
}

}  // namespace k1s::openapi
