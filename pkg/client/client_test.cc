#include <doctest/doctest.h>

#include <utility>

#include "pkg/client/rest_client.h"
#include "pkg/client/watch_stream.h"
#include "pkg/client/testing/test_cluster.h"

namespace k1s::client {
namespace {

using namespace std::chrono_literals;

Json ConfigMap(const std::string& name, const std::string& value) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"labels", {{"app", "x"}}}}},
          {"data", {{"k", value}}}};
}

TEST_CASE("paths name the group, namespace, object and subresource") {
  CHECK(ResourcePath(resources::kPods, "ns", "p", "binding") == "/api/v1/namespaces/ns/pods/p/binding");
  CHECK(ResourcePath(resources::kNodes, "", "n1") == "/api/v1/nodes/n1");
  CHECK(ResourcePath(resources::kDeployments, "", "") == "/apis/apps/v1/deployments");
}

TEST_CASE("error answers become Status values with the server's reason") {
  Status s = StatusFromAnswer(409, R"({"kind":"Status","reason":"AlreadyExists","message":"x exists"})");
  CHECK(s.IsAlreadyExists());
  CHECK(s.message() == "x exists");
  CHECK(StatusFromAnswer(410, R"({"kind":"Status","reason":"Expired","message":"old"})").IsGone());
  CHECK(StatusFromAnswer(503, "not json").IsUnavailable());
}

TEST_CASE("create, get, update, patch, list and delete through the in-process client") {
  TestCluster cluster;
  Client& c = cluster.admin();
  auto created = c.Create(resources::kConfigMaps, "default", ConfigMap("a", "1"));
  REQUIRE(created.ok());
  CHECK((*created)["metadata"]["uid"].is_string());

  auto dup = c.Create(resources::kConfigMaps, "default", ConfigMap("a", "1"));
  CHECK(dup.status().IsAlreadyExists());

  Json changed = *created;
  changed["data"]["k"] = "2";
  auto updated = c.Update(resources::kConfigMaps, "default", changed);
  REQUIRE(updated.ok());
  // The first version is stale now: a conditional update conflicts.
  CHECK(c.Update(resources::kConfigMaps, "default", changed).status().IsConflict());

  auto patched = c.Patch(resources::kConfigMaps, "default", "a", PatchType::kMergePatch,
                         Json{{"data", {{"k", "3"}}}});
  REQUIRE(patched.ok());
  CHECK((*patched)["data"]["k"] == "3");

  REQUIRE(c.Create(resources::kConfigMaps, "default", ConfigMap("b", "1")).ok());
  auto list = c.List(resources::kConfigMaps, "default", {.label_selector = "app=x"});
  REQUIRE(list.ok());
  CHECK((*list)["items"].size() == 2);
  auto page = c.List(resources::kConfigMaps, "default", {.limit = 1});
  REQUIRE(page.ok());
  CHECK((*page)["items"].size() == 1);
  CHECK((*page)["metadata"]["continue"].is_string());

  CHECK(c.Delete(resources::kConfigMaps, "default", "a").ok());
  CHECK(c.Get(resources::kConfigMaps, "default", "a").status().IsNotFound());
  CHECK(c.Delete(resources::kConfigMaps, "default", "a").IsNotFound());
}

TEST_CASE("invalid objects come back Invalid with their causes") {
  TestCluster cluster;
  auto bad = cluster.admin().Create(resources::kConfigMaps, "default", ConfigMap("Not_Valid", "1"));
  CHECK(bad.status().IsInvalid());
}

TEST_CASE("a watch delivers events after the given version, and Stop ends it") {
  TestCluster cluster;
  Client& c = cluster.admin();
  auto list = c.List(resources::kConfigMaps, "default");
  REQUIRE(list.ok());
  std::string rv = (*list)["metadata"]["resourceVersion"];
  auto watch = c.Watch(resources::kConfigMaps, "default", {.resource_version = rv});
  REQUIRE(watch.ok());
  REQUIRE(c.Create(resources::kConfigMaps, "default", ConfigMap("w", "1")).ok());
  REQUIRE(c.Delete(resources::kConfigMaps, "default", "w").ok());

  std::vector<WatchEvent::Type> seen;
  for (int i = 0; i < 50 && seen.size() < 2; ++i) {
    if (auto e = (*watch)->Next(100ms); e && e->type != WatchEvent::Type::kBookmark) {
      seen.push_back(e->type);
      CHECK(e->object["metadata"]["name"] == "w");
    }
  }
  CHECK(seen == std::vector{WatchEvent::Type::kAdded, WatchEvent::Type::kDeleted});

  std::thread stopper([&] {
    std::this_thread::sleep_for(50ms);
    (*watch)->Stop();
  });
  auto start = std::chrono::steady_clock::now();
  while (!(*watch)->ended()) (*watch)->Next(5s);
  stopper.join();
  CHECK(std::chrono::steady_clock::now() - start < 3s);
}

TEST_CASE("a watch that drops managed fields gives the objects a GET gives, without them") {
  TestCluster cluster;
  Client& c = cluster.admin();
  auto created = c.Create(resources::kConfigMaps, "default", ConfigMap("p", "1"));
  REQUIRE(created.ok());
  const std::string rv = (*created)["metadata"]["resourceVersion"];
  REQUIRE(c.Patch(resources::kConfigMaps, "default", "p", PatchType::kMergePatch,
                  Json{{"metadata", {{"labels", {{"x", "y"}}}}}}).ok());
  auto got = c.Get(resources::kConfigMaps, "default", "p", "");
  REQUIRE(got.ok());
  REQUIRE(got->at("metadata").contains("managedFields"));

  for (bool drop : {false, true}) {
    for (bool keep_text : {false, true}) {
      CAPTURE(drop);
      CAPTURE(keep_text);
      auto stream = c.Watch(resources::kConfigMaps, "default",
                            {.resource_version = rv,
                             .allow_bookmarks = false,
                             .drop_managed_fields = drop,
                             .keep_object_text = keep_text});
      REQUIRE(stream.ok());
      auto event = (*stream)->Next(5s);
      REQUIRE(event.has_value());
      CHECK(event->type == WatchEvent::Type::kModified);
      Json want = *got;
      if (drop) want["metadata"].erase("managedFields");
      CHECK(event->object == want);
      // The text, when kept, is the same object.
      if (keep_text) {
        CHECK(Json::parse(event->object_text) == want);
      } else {
        CHECK(event->object_text.empty());
      }
      (*stream)->Stop();
    }
  }
}

// A watch reply whose lines are all there from the start.
class FixedLines final : public http::ResponseStream {
 public:
  explicit FixedLines(std::string lines) : lines_(std::move(lines)) {}
  Chunk Read() override { return {std::exchange(lines_, ""), false}; }
  void Subscribe(std::function<void()>) override {}
  void Cancel() override {}

 private:
  std::string lines_;
};

TEST_CASE("watch lines in k1s's shape and in any other give the same events") {
  const std::string object = R"({"kind":"ConfigMap","metadata":{"managedFields":[{"manager":"m"}],"name":"p"}})";
  const Json full = Json::parse(object);
  Json bare = full;
  bare["metadata"].erase("managedFields");
  const std::string lines = R"({"type":"ADDED","object":)" + object + "}\n" +           // as k1s writes it
                            R"({"object":)" + object + R"(,"type":"MODIFIED"})" + "\n" +  // members swapped
                            R"({ "type" : "DELETED" , "object" : )" + object + " }\n" +  // spaced
                            R"({"type":"ADDED","object":{"metadata":{"name":"q"}}})" + "\n" +  // nothing to cut
                            R"({"type":"ADDED","object":{"metadata":{"name":"r"}},"extra":1})" + "\n";
  for (bool drop : {false, true}) {
    CAPTURE(drop);
    auto stream = MakeWatchStream(http::Reply(http::Response(), std::make_unique<FixedLines>(lines)), drop,
                                  /*keep_object_text=*/true);
    const Json want = drop ? bare : full;
    for (WatchEvent::Type type : {WatchEvent::Type::kAdded, WatchEvent::Type::kModified, WatchEvent::Type::kDeleted}) {
      auto event = stream->Next(1s);
      REQUIRE(event.has_value());
      CHECK(event->type == type);
      CHECK(event->object == want);
      if (!event->object_text.empty()) CHECK(Json::parse(event->object_text) == want);
    }
    for (const char* name : {"q", "r"}) {
      auto event = stream->Next(1s);
      REQUIRE(event.has_value());
      CHECK(event->object["metadata"]["name"] == name);
      CHECK(!event->object["metadata"].contains("managedFields"));
    }
    auto first_text = [&] {
      auto line = std::make_unique<FixedLines>(R"({"type":"ADDED","object":)" + object + "}\n");
      return MakeWatchStream(http::Reply(http::Response(), std::move(line)), drop, true)->Next(1s)->object_text;
    }();
    CHECK(Json::parse(first_text) == want);  // k1s's own lines always keep their text
  }
}

// Passes requests to an InProcessTransport and notes how each answer came.
class AnswerFormRecorder final : public Transport {
 public:
  explicit AnswerFormRecorder(std::unique_ptr<Transport> inner) : inner_(std::move(inner)) {}
  Result<http::Reply> RoundTrip(http::Request request) override {
    K1S_ASSIGN_OR_RETURN(http::Reply reply, inner_->RoundTrip(std::move(request)));
    forms.push_back(reply.response.object != nullptr ? (reply.response.body.empty() ? "value" : "both") : "text");
    return reply;
  }
  std::vector<std::string> forms;

 private:
  std::unique_ptr<Transport> inner_;
};

TEST_CASE("an in-process client gets objects as values, not as text to parse again") {
  TestCluster cluster;
  auto recorder = std::make_unique<AnswerFormRecorder>(std::make_unique<InProcessTransport>(
      [&cluster](http::Request& r) { return cluster.server().Handle(r); }, Identity{"admin", {"system:masters"}}));
  AnswerFormRecorder& forms = *recorder;
  RestClient rest(std::move(recorder), "k1s-test", {.drop_managed_fields = true});
  Client& c = rest;

  auto created = c.Create(resources::kConfigMaps, "default", ConfigMap("v", "1"));
  REQUIRE(created.ok());
  CHECK_FALSE(created->at("metadata").contains("managedFields"));
  auto got = c.Get(resources::kConfigMaps, "default", "v", "");
  REQUIRE(got.ok());
  CHECK(*got == *created);
  Json next = *got;
  next["data"]["k"] = "2";
  auto updated = c.Update(resources::kConfigMaps, "default", next, "");
  REQUIRE(updated.ok());
  CHECK(updated->at("data")["k"] == "2");
  auto patched =
      c.Patch(resources::kConfigMaps, "default", "v", PatchType::kMergePatch, Json{{"data", {{"k", "3"}}}}, "");
  REQUIRE(patched.ok());
  CHECK(patched->at("data")["k"] == "3");
  CHECK_FALSE(patched->at("metadata").contains("managedFields"));
  CHECK(forms.forms == std::vector<std::string>{"value", "value", "value", "value"});

  // Errors still come as Status text, with their reason.
  CHECK(c.Get(resources::kConfigMaps, "default", "missing", "").status().IsNotFound());
  CHECK(forms.forms.back() == "text");

  // A request that came over a socket never gets a value: the same handler
  // serializes it.
  http::Request request;
  request.method = "GET";
  request.target = request.path = "/api/v1/namespaces/default/configmaps/v";
  request.peer = http::PeerCertificate{"admin", {"system:masters"}};
  http::Reply reply = cluster.server().Handle(request);
  CHECK(reply.response.status == 200);
  CHECK(reply.response.object == nullptr);
  CHECK(Json::parse(reply.response.body)["data"]["k"] == "3");
}

TEST_CASE("a client that drops managed fields gets objects without them, and its updates keep them") {
  TestCluster cluster;
  REQUIRE(cluster.admin().Create(resources::kConfigMaps, "default", ConfigMap("p", "1")).ok());
  auto transport = std::make_unique<InProcessTransport>(
      [&cluster](http::Request& r) { return cluster.server().Handle(r); }, Identity{"admin", {"system:masters"}});
  RestClient c(std::move(transport), "k1s-test", {.drop_managed_fields = true});

  auto patched = c.Patch(resources::kConfigMaps, "default", "p", PatchType::kMergePatch,
                         Json{{"metadata", {{"labels", {{"x", "y"}}}}}}, "");
  REQUIRE(patched.ok());
  CHECK(patched->at("metadata")["labels"]["x"] == "y");
  CHECK_FALSE(patched->at("metadata").contains("managedFields"));
  auto got = c.Get(resources::kConfigMaps, "default", "p", "");
  REQUIRE(got.ok());
  CHECK_FALSE(got->at("metadata").contains("managedFields"));
  auto full = cluster.admin().Get(resources::kConfigMaps, "default", "p", "");
  REQUIRE(full.ok());
  Json without = *full;
  without["metadata"].erase("managedFields");
  CHECK(*got == without);

  // An update of what it got leaves the stored managedFields as they were,
  // with this manager's change added.
  Json next = *got;
  next["metadata"]["labels"]["z"] = "w";
  REQUIRE(c.Update(resources::kConfigMaps, "default", next, "").ok());
  auto after = cluster.admin().Get(resources::kConfigMaps, "default", "p", "");
  REQUIRE(after.ok());
  const Json& managers = after->at("metadata")["managedFields"];
  REQUIRE(managers.size() >= 2);
  CHECK(managers.dump().find("f:z") != std::string::npos);
  CHECK(managers.dump().find("f:data") != std::string::npos);  // the creator's stay
}

TEST_CASE("a watch from a compacted version fails with Gone") {
  TestCluster cluster;
  Client& c = cluster.admin();
  for (int i = 0; i < 5; ++i) REQUIRE(c.Create(resources::kConfigMaps, "default", ConfigMap("c" + std::to_string(i), "1")).ok());
  int64_t head = cluster.store().CurrentRevision();
  REQUIRE(cluster.store().Compact(head).ok());
  auto watch = c.Watch(resources::kConfigMaps, "default", {.resource_version = "1"});
  bool gone = !watch.ok() && watch.status().IsGone();
  if (watch.ok()) {
    // The server may also answer 200 and send the error as the first event.
    auto e = (*watch)->Next(2s);
    gone = e && e->type == WatchEvent::Type::kError && e->object.value("code", 0) == 410;
  }
  CHECK(gone);
}

}  // namespace
}  // namespace k1s::client
