#include <doctest/doctest.h>

#include "pkg/apiserver/apiserver.h"

namespace k1s::apiserver {
namespace {

using namespace std::chrono_literals;

// An ApiServer over a private in-memory store, driven with plain requests.
struct Fixture {
  FakeClock clock;
  std::unique_ptr<api::Registry> registry = api::Registry::WithBuiltins();
  std::unique_ptr<store::Store> store;
  std::unique_ptr<ApiServer> server;

  Fixture() {
    auto opened = store::OpenSqliteStore({.path = ":memory:"});
    REQUIRE(opened.ok());
    store = std::move(*opened);
    server = std::make_unique<ApiServer>(ApiServerOptions{"secret-token", "127.0.0.1:6443"},
                                         *registry, *store, clock, Logger());
    REQUIRE(Call("POST", "/api/v1/namespaces", R"({"metadata":{"name":"default"}})").status == 201);
  }

  struct Answer {
    int status;
    Json body;
  };
  Answer Call(const std::string& method, const std::string& target, const std::string& body = "",
              const std::string& content_type = "application/json", bool auth = true,
              const std::string& accept = "application/json") {
    http::Request r;
    r.method = method;
    r.target = target;
    size_t q = target.find('?');
    r.path = http::PercentDecode(target.substr(0, q), false);
    if (q != std::string::npos) r.query = http::ParseQuery(target.substr(q + 1));
    r.body = body;
    if (!body.empty()) r.headers.emplace("Content-Type", content_type);
    r.headers.emplace("Accept", accept);
    if (auth) r.headers.emplace("Authorization", "Bearer secret-token");
    http::Reply reply = server->Handle(r);
    Json parsed = Json::parse(reply.response.body, nullptr, false);
    return {reply.response.status, parsed};
  }
};

TEST_CASE("requests without credentials get 401, except health and version") {
  Fixture f;
  auto denied = f.Call("GET", "/api/v1/pods", "", "", /*auth=*/false);
  CHECK(denied.status == 401);
  CHECK(denied.body["kind"] == "Status");
  CHECK(denied.body["reason"] == "Unauthorized");
  CHECK(f.Call("GET", "/version", "", "", false).status == 200);
  CHECK(f.Call("GET", "/healthz", "", "", false).status == 200);
}

TEST_CASE("discovery lists groups and resources") {
  Fixture f;
  auto api = f.Call("GET", "/api");
  CHECK(api.body["versions"][0] == "v1");
  auto v1 = f.Call("GET", "/api/v1");
  REQUIRE(v1.status == 200);
  bool found_pods = false;
  for (auto& r : v1.body["resources"]) {
    if (r["name"] == "pods") {
      found_pods = true;
      CHECK(r["namespaced"] == true);
      CHECK(r["shortNames"][0] == "po");
    }
  }
  CHECK(found_pods);
  auto apis = f.Call("GET", "/apis");
  REQUIRE(apis.status == 200);
  CHECK(apis.body["groups"][0]["name"].is_string());
  CHECK(f.Call("GET", "/apis/apps/v1").body["groupVersion"] == "apps/v1");
  CHECK(f.Call("GET", "/apis/apps").body["preferredVersion"]["version"] == "v1");
  CHECK(f.Call("GET", "/apis/nothing.example/v1").status == 404);
  auto version = f.Call("GET", "/version");
  CHECK(version.body["gitVersion"] == "v1.33.0-k1s1");
  CHECK(version.body["minor"] == "33");
}

TEST_CASE("create, get, update with a stale resourceVersion, and delete a ConfigMap") {
  Fixture f;
  auto created = f.Call("POST", "/api/v1/namespaces/default/configmaps",
                        R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg"},"data":{"a":"1"}})");
  REQUIRE(created.status == 201);
  const std::string rv = created.body["metadata"]["resourceVersion"];
  CHECK(created.body["metadata"]["uid"].is_string());
  // The answer, spliced from the stored text, is the object a GET reads.
  CHECK(created.body == f.Call("GET", "/api/v1/namespaces/default/configmaps/cfg").body);

  auto again = f.Call("POST", "/api/v1/namespaces/default/configmaps",
                      R"({"metadata":{"name":"cfg"}})");
  CHECK(again.status == 409);
  CHECK(again.body["reason"] == "AlreadyExists");
  CHECK(again.body["message"] == "configmaps \"cfg\" already exists");
  CHECK(again.body["details"]["name"] == "cfg");
  CHECK(again.body["details"]["kind"] == "configmaps");

  Json update = created.body;
  update["data"]["a"] = "2";
  auto updated = f.Call("PUT", "/api/v1/namespaces/default/configmaps/cfg", update.dump());
  REQUIRE(updated.status == 200);
  CHECK(updated.body["data"]["a"] == "2");
  auto stale = f.Call("PUT", "/api/v1/namespaces/default/configmaps/cfg", update.dump());
  CHECK(stale.status == 409);
  CHECK(stale.body["reason"] == "Conflict");

  auto got = f.Call("GET", "/api/v1/namespaces/default/configmaps/cfg");
  CHECK(got.body["data"]["a"] == "2");
  CHECK(got.body["metadata"]["resourceVersion"] != rv);

  auto deleted = f.Call("DELETE", "/api/v1/namespaces/default/configmaps/cfg");
  CHECK(deleted.status == 200);
  CHECK(deleted.body["status"] == "Success");
  auto gone = f.Call("GET", "/api/v1/namespaces/default/configmaps/cfg");
  CHECK(gone.status == 404);
  CHECK(gone.body["reason"] == "NotFound");
  CHECK(gone.body["message"] == "configmaps \"cfg\" not found");
}

TEST_CASE("objects are not created in a namespace that does not exist") {
  Fixture f;
  auto r = f.Call("POST", "/api/v1/namespaces/missing/configmaps", R"({"metadata":{"name":"x"}})");
  CHECK(r.status == 404);
  CHECK(r.body["message"] == "namespaces \"missing\" not found");
}

TEST_CASE("invalid objects get 422 with field causes") {
  Fixture f;
  auto r = f.Call("POST", "/api/v1/namespaces/default/configmaps", R"({"metadata":{"name":"No_Good"}})");
  CHECK(r.status == 422);
  CHECK(r.body["reason"] == "Invalid");
  CHECK(r.body["details"]["causes"][0]["field"] == "metadata.name");
  auto junk = f.Call("POST", "/api/v1/namespaces/default/configmaps", "{not json");
  CHECK(junk.status == 400);
  auto unknown = f.Call("GET", "/api/v1/namespaces/default/widgets");
  CHECK(unknown.status == 404);
}

TEST_CASE("lists filter by labels and fields and page with limit and continue") {
  Fixture f;
  for (int i = 0; i < 5; ++i) {
    Json cm = {{"metadata", {{"name", "cm" + std::to_string(i)},
                             {"labels", {{"tier", i % 2 == 0 ? "even" : "odd"}}}}}};
    REQUIRE(f.Call("POST", "/api/v1/namespaces/default/configmaps", cm.dump()).status == 201);
  }
  auto even = f.Call("GET", "/api/v1/namespaces/default/configmaps?labelSelector=tier%3Deven");
  CHECK(even.body["kind"] == "ConfigMapList");
  CHECK(even.body["items"].size() == 3);
  auto named = f.Call("GET", "/api/v1/configmaps?fieldSelector=metadata.name%3Dcm4");
  REQUIRE(named.body["items"].size() == 1);
  CHECK(f.Call("GET", "/api/v1/configmaps?fieldSelector=spec.bogus%3Dx").status == 400);
  CHECK(f.Call("GET", "/api/v1/configmaps?labelSelector=a%20in%20(").status == 400);

  auto page1 = f.Call("GET", "/api/v1/namespaces/default/configmaps?limit=2");
  REQUIRE(page1.body["items"].size() == 2);
  CHECK(page1.body["metadata"]["remainingItemCount"] == 3);
  std::string token = page1.body["metadata"]["continue"];
  auto page2 = f.Call("GET", "/api/v1/namespaces/default/configmaps?limit=2&continue=" + token);
  CHECK(page2.body["items"][0]["metadata"]["name"] == "cm2");
  auto odd_page = f.Call("GET", "/api/v1/namespaces/default/configmaps?limit=1&labelSelector=tier%3Dodd");
  REQUIRE(odd_page.body["items"].size() == 1);
  CHECK(odd_page.body["items"][0]["metadata"]["name"] == "cm1");
  std::string odd_token = odd_page.body["metadata"]["continue"];
  auto odd_next = f.Call("GET", "/api/v1/namespaces/default/configmaps?limit=1&labelSelector=tier%3Dodd&continue=" + odd_token);
  REQUIRE(odd_next.body["items"].size() == 1);
  CHECK(odd_next.body["items"][0]["metadata"]["name"] == "cm3");
}

TEST_CASE("tables carry the kind's columns") {
  Fixture f;
  REQUIRE(f.Call("POST", "/api/v1/namespaces/default/configmaps",
                 R"({"metadata":{"name":"c"},"data":{"x":"1","y":"2"}})").status == 201);
  auto table = f.Call("GET", "/api/v1/namespaces/default/configmaps", "", "", true,
                      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
  REQUIRE(table.status == 200);
  CHECK(table.body["kind"] == "Table");
  CHECK(table.body["columnDefinitions"][0]["name"] == "Name");
  CHECK(table.body["rows"][0]["cells"][0] == "c");
  CHECK(table.body["rows"][0]["cells"][1] == 2);
  CHECK(table.body["rows"][0]["object"]["kind"] == "PartialObjectMetadata");
}

TEST_CASE("patches: merge, JSON and strategic") {
  Fixture f;
  REQUIRE(f.Call("POST", "/api/v1/namespaces/default/configmaps",
                 R"({"metadata":{"name":"p","labels":{"a":"1"}},"data":{"k":"v"}})").status == 201);
  auto merged = f.Call("PATCH", "/api/v1/namespaces/default/configmaps/p",
                       R"({"metadata":{"labels":{"b":"2","a":null}}})", "application/merge-patch+json");
  REQUIRE(merged.status == 200);
  CHECK(merged.body["metadata"]["labels"] == Json{{"b", "2"}});
  auto json_patch = f.Call("PATCH", "/api/v1/namespaces/default/configmaps/p",
                           R"([{"op":"replace","path":"/data/k","value":"w"}])", "application/json-patch+json");
  REQUIRE(json_patch.status == 200);
  CHECK(json_patch.body["data"]["k"] == "w");
  auto bad = f.Call("PATCH", "/api/v1/namespaces/default/configmaps/p",
                    R"([{"op":"remove","path":"/nothing/here"}])", "application/json-patch+json");
  CHECK(bad.status == 422);
  CHECK(f.Call("PATCH", "/api/v1/namespaces/default/configmaps/p", "{}", "text/plain").status == 415);
  CHECK(f.Call("PATCH", "/api/v1/namespaces/default/configmaps/none", "{}", "application/merge-patch+json").status == 404);

  REQUIRE(f.Call("POST", "/apis/apps/v1/namespaces/default/deployments",
                 R"({"metadata":{"name":"d"},"spec":{"template":{"spec":{"containers":[
                     {"name":"a","image":"one"},{"name":"b","image":"two"}]}}}})").status == 201);
  auto strategic = f.Call("PATCH", "/apis/apps/v1/namespaces/default/deployments/d",
                          R"({"spec":{"template":{"spec":{"containers":[{"name":"b","image":"three"}]}}}})",
                          "application/strategic-merge-patch+json");
  REQUIRE(strategic.status == 200);
  auto containers = strategic.body["spec"]["template"]["spec"]["containers"];
  REQUIRE(containers.size() == 2);
  CHECK(containers[0]["image"] == "one");
  CHECK(containers[1]["image"] == "three");
  CHECK(strategic.body["metadata"]["generation"] == 2);
}

TEST_CASE("pod field selectors: =, == and != on strings, booleans and missing fields, with labels too") {
  // The list reads these fields from the stored text before parsing (see
  // ListQuery::prefilter); the answers must be what the parsed objects give.
  Fixture f;
  const char* pods[] = {
      R"({"metadata":{"name":"a","labels":{"app":"x"}},"spec":{"nodeName":"n1","containers":[{"name":"c","image":"i"}]}})",
      R"({"metadata":{"name":"b","labels":{"app":"y"}},"spec":{"nodeName":"n2","hostNetwork":true,"containers":[{"name":"c","image":"i"}]}})",
      R"({"metadata":{"name":"c","labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"i"}]}})",
  };
  for (const char* p : pods) REQUIRE(f.Call("POST", "/api/v1/namespaces/default/pods", p).status == 201);
  REQUIRE(f.Call("PATCH", "/api/v1/namespaces/default/pods/a/status", R"({"status":{"phase":"Running"}})",
                 "application/merge-patch+json").status == 200);
  auto names = [&](const std::string& query) {
    auto r = f.Call("GET", "/api/v1/namespaces/default/pods?" + query);
    std::string out;
    for (const Json& item : r.body["items"]) out += item["metadata"]["name"].get<std::string>();
    return out;
  };
  CHECK(names("fieldSelector=status.phase%21%3DRunning") == "bc");
  CHECK(names("fieldSelector=status.phase%3DRunning") == "a");
  CHECK(names("fieldSelector=spec.nodeName%3D") == "c");  // unset reads as ""
  CHECK(names("fieldSelector=spec.nodeName%21%3D") == "ab");
  CHECK(names("fieldSelector=spec.nodeName%3D%3Dn2") == "b");
  CHECK(names("fieldSelector=spec.hostNetwork%3Dtrue") == "b");
  CHECK(names("fieldSelector=spec.hostNetwork%21%3Dtrue") == "ac");
  CHECK(names("fieldSelector=metadata.name%21%3Da,spec.nodeName%21%3D") == "b");
  CHECK(names("fieldSelector=status.phase%21%3DRunning&labelSelector=app%3Dx") == "c");
  CHECK(names("fieldSelector=status.phase%21%3DRunning&limit=1") == "b");
}

TEST_CASE("a pod on a node is only marked for deletion; an unbound one goes at once") {
  Fixture f;
  const char* bound = R"({"metadata":{"name":"bound"},"spec":{"nodeName":"n1","containers":[{"name":"c","image":"i"}]}})";
  const char* unbound = R"({"metadata":{"name":"free"},"spec":{"containers":[{"name":"c","image":"i"}]}})";
  REQUIRE(f.Call("POST", "/api/v1/namespaces/default/pods", bound).status == 201);
  REQUIRE(f.Call("POST", "/api/v1/namespaces/default/pods", unbound).status == 201);

  auto marked = f.Call("DELETE", "/api/v1/namespaces/default/pods/bound");
  REQUIRE(marked.status == 200);
  CHECK(marked.body["metadata"]["deletionGracePeriodSeconds"] == 30);
  CHECK(marked.body["metadata"].contains("deletionTimestamp"));
  CHECK(f.Call("GET", "/api/v1/namespaces/default/pods/bound").status == 200);
  // The kubelet's final delete with grace 0.
  CHECK(f.Call("DELETE", "/api/v1/namespaces/default/pods/bound", R"({"gracePeriodSeconds":0})").status == 200);
  CHECK(f.Call("GET", "/api/v1/namespaces/default/pods/bound").status == 404);

  CHECK(f.Call("DELETE", "/api/v1/namespaces/default/pods/free").status == 200);
  CHECK(f.Call("GET", "/api/v1/namespaces/default/pods/free").status == 404);
}

TEST_CASE("finalizers hold an object until the last one is removed") {
  Fixture f;
  REQUIRE(f.Call("POST", "/api/v1/namespaces/default/configmaps",
                 R"({"metadata":{"name":"held","finalizers":["example.com/wait"]}})").status == 201);
  auto marked = f.Call("DELETE", "/api/v1/namespaces/default/configmaps/held");
  CHECK(marked.status == 200);
  CHECK(marked.body["metadata"].contains("deletionTimestamp"));
  CHECK(f.Call("GET", "/api/v1/namespaces/default/configmaps/held").status == 200);
  auto released = f.Call("PATCH", "/api/v1/namespaces/default/configmaps/held",
                         R"({"metadata":{"finalizers":null}})", "application/merge-patch+json");
  CHECK(released.status == 200);
  CHECK(f.Call("GET", "/api/v1/namespaces/default/configmaps/held").status == 404);
}

TEST_CASE("watch streams the current state, then changes, filtered") {
  Fixture f;
  REQUIRE(f.Call("POST", "/api/v1/namespaces/default/configmaps",
                 R"({"metadata":{"name":"w1","labels":{"app":"x"}}})").status == 201);
  http::Request r;
  r.method = "GET";
  r.target = "/api/v1/namespaces/default/configmaps?watch=1&labelSelector=app%3Dx";
  r.path = "/api/v1/namespaces/default/configmaps";
  r.query = http::ParseQuery("watch=1&labelSelector=app%3Dx");
  r.headers.emplace("Authorization", "Bearer secret-token");
  http::Reply reply = f.server->Handle(r);
  REQUIRE(reply.stream != nullptr);
  CHECK(reply.response.status == 200);

  std::string text;
  auto drain = [&] {
    for (int i = 0; i < 50; ++i) {
      auto chunk = reply.stream->Read();
      text += chunk.data;
      if (chunk.data.empty()) break;
    }
  };
  drain();
  CHECK(text.find(R"("type":"ADDED")") != std::string::npos);
  text.clear();

  std::atomic<int> woken = 0;
  reply.stream->Subscribe([&] { ++woken; });
  REQUIRE(f.Call("POST", "/api/v1/namespaces/default/configmaps",
                 R"({"metadata":{"name":"other"}})").status == 201);  // filtered out
  REQUIRE(f.Call("PATCH", "/api/v1/namespaces/default/configmaps/w1",
                 R"({"metadata":{"labels":{"app":"y"}}})", "application/merge-patch+json").status == 200);
  CHECK(woken >= 1);
  drain();
  // It stopped matching: a DELETED event for this watch, and nothing about "other".
  CHECK(text.find(R"("type":"DELETED")") != std::string::npos);
  CHECK(text.find("\"other\"") == std::string::npos);
  reply.stream->Cancel();
}

TEST_CASE("a plain list and a watch from nothing show each object as a get does") {
  // Both are built from the stored text with the resourceVersion spliced in.
  Fixture f;
  for (const char* name : {"a", "b"}) {
    REQUIRE(f.Call("POST", "/api/v1/namespaces/default/configmaps",
                   std::string(R"({"metadata":{"name":")") + name + R"(","labels":{"x":"y"}},"data":{"k":"v"}})")
                .status == 201);
  }
  REQUIRE(f.Call("PATCH", "/api/v1/namespaces/default/configmaps/a", R"({"data":{"k":"w"}})",
                 "application/merge-patch+json").status == 200);
  auto list = f.Call("GET", "/api/v1/namespaces/default/configmaps");
  REQUIRE(list.status == 200);
  CHECK(list.body["kind"] == "ConfigMapList");
  REQUIRE(list.body["items"].size() == 2);
  for (const Json& item : list.body["items"]) {
    auto got = f.Call("GET", "/api/v1/namespaces/default/configmaps/" + item["metadata"]["name"].get<std::string>());
    CHECK(item == got.body);
  }
  CHECK(list.body["items"][0]["metadata"]["resourceVersion"] != list.body["items"][1]["metadata"]["resourceVersion"]);

  http::Request r;
  r.method = "GET";
  r.path = "/api/v1/namespaces/default/configmaps";
  r.target = r.path + "?watch=1";
  r.query = http::ParseQuery("watch=1");
  r.headers.emplace("Authorization", "Bearer secret-token");
  http::Reply watch = f.server->Handle(r);
  REQUIRE(watch.stream != nullptr);
  std::string text = watch.stream->Read().data;
  const size_t newline = text.find('\n');
  REQUIRE(newline != std::string::npos);
  Json first = Json::parse(text.substr(0, newline));
  CHECK(first["type"] == "ADDED");
  CHECK(first["object"] == list.body["items"][0]);
  watch.stream->Cancel();
}

TEST_CASE("a watch with a field selector sees pods enter and leave it; every event carries its version") {
  // The watch reads the selected fields from the stored text and decodes an
  // object only when that cannot rule it out (WatchEventCache, prefilter).
  Fixture f;
  auto open = [&](const std::string& query) {
    http::Request r;
    r.method = "GET";
    r.path = "/api/v1/namespaces/default/pods";
    r.target = r.path + "?" + query;
    r.query = http::ParseQuery(query);
    r.headers.emplace("Authorization", "Bearer secret-token");
    return f.server->Handle(r);
  };
  const std::string from = f.Call("GET", "/api/v1/namespaces/default/pods").body["metadata"]["resourceVersion"];
  http::Reply running = open("watch=1&resourceVersion=" + from + "&fieldSelector=status.phase%3DRunning");
  http::Reply all = open("watch=1&resourceVersion=" + from);
  REQUIRE(running.stream != nullptr);
  REQUIRE(all.stream != nullptr);

  for (const char* name : {"a", "b"}) {
    REQUIRE(f.Call("POST", "/api/v1/namespaces/default/pods",
                   std::string(R"({"metadata":{"name":")") + name +
                       R"("},"spec":{"nodeName":"n1","containers":[{"name":"c","image":"i"}]}})").status == 201);
  }
  auto status = [&](const std::string& phase) {
    auto r = f.Call("PATCH", "/api/v1/namespaces/default/pods/a/status", R"({"status":{"phase":")" + phase + R"("}})",
                    "application/merge-patch+json");
    REQUIRE(r.status == 200);
    return r.body["metadata"]["resourceVersion"].get<std::string>();
  };
  const std::string started = status("Running");
  auto relabelled = f.Call("PATCH", "/api/v1/namespaces/default/pods/a", R"({"metadata":{"labels":{"l":"v"}}})",
                           "application/merge-patch+json");
  REQUIRE(relabelled.status == 200);
  const std::string finished = status("Succeeded");

  auto events = [](http::Reply& reply) {
    std::string text;
    for (int i = 0; i < 50; ++i) {
      auto chunk = reply.stream->Read();
      text += chunk.data;
      if (chunk.data.empty()) break;
    }
    std::vector<std::string> out;  // "TYPE name rv"
    size_t at = 0;
    while (at < text.size()) {
      const size_t end = text.find('\n', at);
      Json e = Json::parse(text.substr(at, end - at));
      out.push_back(e["type"].get<std::string>() + " " + e["object"]["metadata"]["name"].get<std::string>() + " " +
                    e["object"]["metadata"]["resourceVersion"].get<std::string>());
      at = end + 1;
    }
    return out;
  };
  const std::string relabelled_at = relabelled.body["metadata"]["resourceVersion"];
  CHECK(events(running) == std::vector<std::string>{"ADDED a " + started, "MODIFIED a " + relabelled_at,
                                                    "DELETED a " + finished});
  std::vector<std::string> seen = events(all);
  REQUIRE(seen.size() == 5);
  CHECK(seen[0].starts_with("ADDED a "));
  CHECK(seen[1].starts_with("ADDED b "));
  CHECK(seen[2] == "MODIFIED a " + started);
  CHECK(seen[4] == "MODIFIED a " + finished);
  running.stream->Cancel();
  all.stream->Cancel();
}

}  // namespace
}  // namespace k1s::apiserver

namespace k1s::apiserver {
namespace {

TEST_CASE("the scale subresource reads and writes a workload's replicas") {
  Fixture f;
  REQUIRE(f.Call("POST", "/apis/apps/v1/namespaces/default/deployments",
                 R"({"metadata":{"name":"d"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"d"}},
                     "template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}})")
              .status == 201);
  auto scale = f.Call("GET", "/apis/apps/v1/namespaces/default/deployments/d/scale");
  REQUIRE(scale.status == 200);
  CHECK(scale.body["kind"] == "Scale");
  CHECK(scale.body["apiVersion"] == "autoscaling/v1");
  CHECK(scale.body["spec"]["replicas"] == 2);
  CHECK(scale.body["status"]["selector"] == "app=d");
  auto patched = f.Call("PATCH", "/apis/apps/v1/namespaces/default/deployments/d/scale?fieldManager=scaler",
                        R"({"spec":{"replicas":5}})", "application/merge-patch+json");
  REQUIRE(patched.status == 200);
  CHECK(patched.body["spec"]["replicas"] == 5);
  auto deployment = f.Call("GET", "/apis/apps/v1/namespaces/default/deployments/d");
  CHECK(deployment.body["spec"]["replicas"] == 5);
  CHECK(deployment.body["metadata"]["generation"] == 2);
  // The scaler now owns spec.replicas, through the scale subresource.
  bool recorded = false;
  for (const Json& entry : deployment.body["metadata"]["managedFields"]) {
    if (entry.value("manager", "") != "scaler") continue;
    recorded = true;
    CHECK(entry["operation"] == "Update");
    CHECK(entry["subresource"] == "scale");
    CHECK(entry["apiVersion"] == "apps/v1");
    CHECK(entry["fieldsV1"] == Json::parse(R"({"f:spec":{"f:replicas":{}}})"));
  }
  CHECK(recorded);
  Json put = patched.body;
  put["spec"]["replicas"] = -1;
  CHECK(f.Call("PUT", "/apis/apps/v1/namespaces/default/deployments/d/scale", put.dump()).status == 422);
  CHECK(f.Call("GET", "/api/v1/namespaces/default/configmaps/x/scale").status == 404);
}

TEST_CASE("binding a pod sets its node once and records PodScheduled") {
  Fixture f;
  REQUIRE(f.Call("POST", "/api/v1/namespaces/default/pods",
                 R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]}})").status == 201);
  auto bound = f.Call("POST", "/api/v1/namespaces/default/pods/p/binding",
                      R"({"apiVersion":"v1","kind":"Binding","metadata":{"name":"p"},"target":{"kind":"Node","name":"n1"}})");
  CHECK(bound.status == 201);
  auto pod = f.Call("GET", "/api/v1/namespaces/default/pods/p");
  CHECK(pod.body["spec"]["nodeName"] == "n1");
  CHECK(pod.body["status"]["conditions"][0]["type"] == "PodScheduled");
  auto again = f.Call("POST", "/api/v1/namespaces/default/pods/p/binding",
                      R"({"metadata":{"name":"p"},"target":{"name":"n2"}})");
  CHECK(again.status == 409);
  CHECK(f.Call("POST", "/api/v1/namespaces/default/pods/none/binding",
               R"({"target":{"name":"n2"}})").status == 404);
}

TEST_CASE("reviews are answered, not stored") {
  Fixture f;
  auto can = f.Call("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                    R"({"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview",
                        "spec":{"resourceAttributes":{"verb":"list","resource":"pods"}}})");
  REQUIRE(can.status == 201);
  CHECK(can.body["status"]["allowed"] == true);
  auto whoami = f.Call("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                       R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})");
  REQUIRE(whoami.status == 201);
  CHECK(whoami.body["status"]["userInfo"]["username"] == "system:admin");
  auto token = f.Call("POST", "/apis/authentication.k8s.io/v1/tokenreviews",
                      R"({"spec":{"token":"wrong"}})");
  CHECK(token.body["status"]["authenticated"] == false);
}

}  // namespace
}  // namespace k1s::apiserver

namespace k1s::apiserver {
namespace {

TEST_CASE("eviction deletes a pod the way DELETE does (kubectl drain)") {
  Fixture f;
  REQUIRE(f.Call("POST", "/api/v1/namespaces/default/pods",
                 R"({"metadata":{"name":"e"},"spec":{"nodeName":"n1","containers":[{"name":"c","image":"i"}]}})")
              .status == 201);
  auto evicted = f.Call("POST", "/api/v1/namespaces/default/pods/e/eviction",
                        R"({"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"e"}})");
  CHECK(evicted.status == 201);
  auto pod = f.Call("GET", "/api/v1/namespaces/default/pods/e");
  CHECK(pod.body["metadata"].contains("deletionTimestamp"));
  CHECK(f.Call("POST", "/api/v1/namespaces/default/pods/gone/eviction", R"({})").status == 404);
}

TEST_CASE("dry runs answer as the real write would, and Invalid names the Kind") {
  Fixture f;
  REQUIRE(f.Call("POST", "/api/v1/namespaces/default/configmaps", R"({"metadata":{"name":"d"}})").status == 201);
  auto again = f.Call("POST", "/api/v1/namespaces/default/configmaps?dryRun=All", R"({"metadata":{"name":"d"}})");
  CHECK(again.status == 409);
  auto current = f.Call("GET", "/api/v1/namespaces/default/configmaps/d");
  auto dry = f.Call("PATCH", "/api/v1/namespaces/default/configmaps/d?dryRun=All", R"({"data":{"a":"b"}})",
                    "application/merge-patch+json");
  REQUIRE(dry.status == 200);
  CHECK(dry.body["data"]["a"] == "b");
  CHECK(dry.body["metadata"]["resourceVersion"] == current.body["metadata"]["resourceVersion"]);
  CHECK_FALSE(f.Call("GET", "/api/v1/namespaces/default/configmaps/d").body.contains("data"));

  auto invalid = f.Call("POST", "/api/v1/namespaces/default/configmaps", R"({"metadata":{"name":"BAD_name"}})");
  CHECK(invalid.status == 422);
  CHECK(invalid.body["details"]["kind"] == "ConfigMap");
}

TEST_CASE("an empty strategy gets its default type") {
  Fixture f;
  auto d = f.Call("POST", "/apis/apps/v1/namespaces/default/deployments",
                  R"({"metadata":{"name":"s"},"spec":{"strategy":{},"selector":{"matchLabels":{"a":"b"}},
                      "template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}})");
  REQUIRE(d.status == 201);
  CHECK(d.body["spec"]["strategy"]["type"] == "RollingUpdate");
  CHECK(d.body["spec"]["strategy"]["rollingUpdate"]["maxSurge"] == "25%");
}

}  // namespace
}  // namespace k1s::apiserver
