#include "pkg/controller/common/revision.h"

#include <algorithm>

#include "pkg/controller/common/owner.h"

namespace k1s::controller::common {

namespace {

constexpr const char* kRevisionHashLabel = "controller-revision-hash";

uint32_t Fnv1a(const std::string& s, uint32_t h = 2166136261u) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

// Kubernetes' rand.SafeEncodeString alphabet: no vowels, no look-alikes.
std::string SafeEncode(const std::string& s) {
  static constexpr char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  std::string out;
  for (unsigned char c : s) out += kAlphabet[c % (sizeof(kAlphabet) - 1)];
  return out;
}

int64_t RevisionNumber(const Json& r) { return r.value("revision", int64_t{0}); }

}  // namespace

std::string TemplateHash(const Json& template_spec, std::optional<int64_t> collision_count) {
  uint32_t h = Fnv1a(template_spec.dump());
  if (collision_count) h = Fnv1a(std::to_string(*collision_count), h);
  return SafeEncode(std::to_string(h));
}

Json RevisionData(const Json& owner) {
  Json tmpl = owner["spec"].value("template", Json::object());
  tmpl["$patch"] = "replace";
  return {{"spec", {{"template", tmpl}}}};
}

Json TemplateFromRevision(const Json& revision) {
  Json tmpl = revision.value("data", Json::object()).value("spec", Json::object()).value("template", Json::object());
  tmpl.erase("$patch");
  return tmpl;
}

Result<Revisions> SyncRevisions(client::Client& client, const Json& owner,
                                const std::string& api_version, const std::string& kind,
                                const std::vector<std::shared_ptr<const Json>>& namespace_revisions,
                                int64_t history_limit, const std::vector<std::string>& in_use) {
  const std::string ns = owner["metadata"].value("namespace", "");
  const std::string owner_name = owner["metadata"].value("name", "");
  const std::string owner_uid = owner["metadata"].value("uid", "");
  std::vector<Json> owned;
  for (const auto& r : namespace_revisions) {
    if (IsControlledBy(*r, owner_uid)) owned.push_back(*r);
  }
  std::sort(owned.begin(), owned.end(),
            [](const Json& a, const Json& b) { return RevisionNumber(a) < RevisionNumber(b); });
  const Json data = RevisionData(owner);
  std::optional<int64_t> collisions;
  if (owner.contains("status") && owner["status"].contains("collisionCount")) {
    collisions = owner["status"]["collisionCount"].get<int64_t>();
  }
  const std::string hash = TemplateHash(data, collisions);
  const int64_t next = owned.empty() ? 1 : RevisionNumber(owned.back()) + 1;

  Revisions out;
  auto same = std::find_if(owned.begin(), owned.end(), [&](const Json& r) {
    return r.value("data", Json()) == data;
  });
  if (same != owned.end()) {
    if (RevisionNumber(*same) != next - 1) {
      // Going back to an old template makes that revision the newest.
      Json updated = *same;
      updated["revision"] = next;
      K1S_ASSIGN_OR_RETURN(*same, client.Update(client::resources::kControllerRevisions, ns, updated));
    }
    out.current = *same;
  } else {
    Json rev = {{"apiVersion", "apps/v1"},
                {"kind", "ControllerRevision"},
                {"metadata",
                 {{"name", owner_name + "-" + hash},
                  {"labels", owner["spec"].value("template", Json::object())
                                 .value("metadata", Json::object())
                                 .value("labels", Json::object())},
                  {"ownerReferences", Json::array({MakeControllerRef(owner, api_version, kind)})}}},
                {"data", data},
                {"revision", next}};
    rev["metadata"]["labels"][kRevisionHashLabel] = hash;
    auto created = client.Create(client::resources::kControllerRevisions, ns, rev);
    if (!created.ok() && created.status().IsAlreadyExists()) {
      // A revision of that name holds another template (a hash collision)
      // or was left by a deleted owner; the caller bumps collisionCount.
      return Status::AlreadyExists(created.status().message());
    }
    if (!created.ok()) return created.status();
    out.current = *created;
    owned.push_back(*created);
  }
  std::sort(owned.begin(), owned.end(),
            [](const Json& a, const Json& b) { return RevisionNumber(a) < RevisionNumber(b); });
  // History beyond the limit: oldest first, never the current or one in use.
  int64_t excess = static_cast<int64_t>(owned.size()) - 1 - history_limit;
  std::vector<Json> kept;
  for (const Json& r : owned) {
    const std::string name = r["metadata"].value("name", "");
    const std::string h = r["metadata"].value("labels", Json::object()).value(kRevisionHashLabel, "");
    const bool used = name == out.current["metadata"].value("name", "") ||
                      std::find(in_use.begin(), in_use.end(), h) != in_use.end() ||
                      std::find(in_use.begin(), in_use.end(), name) != in_use.end();
    if (excess > 0 && !used) {
      Status s = client.Delete(client::resources::kControllerRevisions, ns, name);
      if (!s.ok() && !s.IsNotFound()) return s;
      --excess;
      continue;
    }
    kept.push_back(r);
  }
  out.history = std::move(kept);
  return out;
}

}  // namespace k1s::controller::common
