#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "pkg/encryption/encrypting_store.h"
#include "pkg/encryption/secrets_encryption.h"
#include "pkg/util/temp_dir.h"

namespace k1s::encryption {
namespace {

using namespace std::chrono_literals;

const std::string kSecrets = kSecretsPrefix;
const std::string kA = kSecrets + "default/a";
const std::string kB = kSecrets + "default/b";
const std::string kMap = "/registry/core/configmaps/default/a";

std::unique_ptr<store::Store> OpenRaw(const std::string& path = ":memory:") {
  store::SqliteOptions options;
  options.path = path;
  auto s = store::OpenSqliteStore(options);
  REQUIRE_MESSAGE(s.ok(), s.status().ToString());
  return std::move(s).value();
}

std::shared_ptr<const Transformer> Make(std::vector<Key> keys, const std::string& write) {
  auto t = Transformer::Create(std::move(keys), write);
  REQUIRE_MESSAGE(t.ok(), t.status().ToString());
  return *t;
}

Key K(const std::string& name, char fill) { return Key{name, std::string(32, fill)}; }

std::vector<store::Event> Collect(store::Watcher& w, size_t n) {
  std::vector<store::Event> out;
  auto end = std::chrono::steady_clock::now() + 5s;
  while (out.size() < n && std::chrono::steady_clock::now() < end) {
    auto batch = w.Next(50ms);
    if (!batch.ok()) break;
    out.insert(out.end(), batch->begin(), batch->end());
  }
  return out;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_CASE("secrets are stored encrypted; every read path hands back plaintext") {
  auto raw_owner = OpenRaw();
  store::Store& raw = *raw_owner;
  EncryptingStore s(std::move(raw_owner), kSecrets, Make({K("k1", 'a')}, "k1"));

  auto created = s.Create(kA, "secret-a1");
  REQUIRE(created.ok());
  CHECK(created->value == "secret-a1");
  REQUIRE(s.Create(kMap, "plain-map").ok());

  // Underneath: ciphertext for the secret, the configmap untouched.
  CHECK(raw.Get(kA)->value.starts_with("k8s:enc:aesgcm:v1:k1:"));
  CHECK(raw.Get(kA)->value.find("secret-a1") == std::string::npos);
  CHECK(raw.Get(kMap)->value == "plain-map");

  auto updated = s.Update(kA, "secret-a2", created->mod_revision);
  REQUIRE(updated.ok());
  CHECK(updated->value == "secret-a2");
  REQUIRE(s.Create(kB, "secret-b").ok());

  CHECK(s.Get(kA)->value == "secret-a2");
  CHECK(s.Get(kA, created->mod_revision)->value == "secret-a1");  // history
  auto listed = s.List("/registry/");
  REQUIRE(listed.ok());
  REQUIRE(listed->items.size() == 3);
  CHECK(listed->items[0].value == "plain-map");
  CHECK(listed->items[1].value == "secret-a2");
  CHECK(listed->items[2].value == "secret-b");
  // Paged lists too.
  store::ListOptions page;
  page.limit = 1;
  auto first = s.List(kSecrets, page);
  REQUIRE(first.ok());
  CHECK(first->items[0].value == "secret-a2");
  page.continue_token = first->continue_token;
  CHECK(s.List(kSecrets, page)->items[0].value == "secret-b");

  // Watches replay history and follow live writes, decrypting kv and prev.
  auto watcher = s.Watch(kSecrets, 0 + 1);  // after the first write
  REQUIRE(watcher.ok());
  auto deleted = s.Delete(kB, 0);
  REQUIRE(deleted.ok());
  CHECK(deleted->value == "secret-b");
  auto events = Collect(**watcher, 3);
  REQUIRE(events.size() == 3);
  CHECK(events[0].type == store::EventType::kUpdate);
  CHECK(events[0].kv.value == "secret-a2");
  CHECK(events[0].prev->value == "secret-a1");
  CHECK(events[1].kv.value == "secret-b");
  CHECK(events[2].type == store::EventType::kDelete);
  CHECK(events[2].prev->value == "secret-b");
  // A watch over a wider prefix decrypts only the secrets.
  auto wide = s.Watch("/registry/", 0);
  REQUIRE(wide.ok());
  REQUIRE(s.Update(kMap, "plain-map-2", 0).ok());
  REQUIRE(s.Update(kA, "secret-a3", 0).ok());
  events = Collect(**wide, 2);
  REQUIRE(events.size() == 2);
  CHECK(events[0].kv.value == "plain-map-2");
  CHECK(events[0].prev->value == "plain-map");
  CHECK(events[1].kv.value == "secret-a3");
  CHECK(events[1].prev->value == "secret-a2");
}

TEST_CASE("values that do not decrypt: Internal for reads, Gone for watches after the good events") {
  auto raw_owner = OpenRaw();
  store::Store& raw = *raw_owner;
  EncryptingStore s(std::move(raw_owner), kSecrets, Make({K("k1", 'a')}, "k1"));
  REQUIRE(s.Create(kA, "good").ok());
  // A value from another key, and one moved from another store key.
  auto foreign = Make({K("k2", 'b')}, "k2");
  REQUIRE(raw.Create(kB, *foreign->ToStorage("x", kB)).ok());
  auto r = s.Get(kB);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInternal);
  CHECK(r.status().message().starts_with("unable to transform key \"/registry/core/secrets/default/b\": "));
  CHECK_FALSE(s.List(kSecrets).ok());
  REQUIRE(raw.Update(kB, raw.Get(kA)->value, 0).ok());
  CHECK_FALSE(s.Get(kB).ok());

  auto watcher = s.Watch(kSecrets, 0);
  REQUIRE(watcher.ok());
  REQUIRE(s.Update(kA, "good-2", 0).ok());
  auto events = (*watcher)->Next(2s);
  REQUIRE(events.ok());
  REQUIRE(events->size() >= 1);
  auto replay = s.Watch(kSecrets, 1);  // replays kB's create: undecryptable
  REQUIRE(replay.ok());
  std::vector<store::Event> got;
  Status failure;
  for (int i = 0; i < 50 && failure.ok(); ++i) {
    auto batch = (*replay)->Next(50ms);
    if (!batch.ok()) {
      failure = batch.status();
    } else {
      got.insert(got.end(), batch->begin(), batch->end());
    }
  }
  CHECK(failure.IsGone());
  CHECK(got.empty());  // the first replayed event was the bad one
  // ...and stays failed, and Notify says so at once.
  CHECK((*replay)->Next(0ms).status().IsGone());
  bool woke = false;
  (*replay)->Notify([&] { woke = true; });
  CHECK(woke);
}

TEST_CASE("the transformer swap waits for writes in flight and applies to the next ones") {
  auto raw_owner = OpenRaw();
  store::Store& raw = *raw_owner;
  EncryptingStore s(std::move(raw_owner), kSecrets, Make({K("k1", 'a')}, "k1"));
  std::atomic<bool> stop{false};
  std::atomic<bool> failed{false};
  std::atomic<int> n{0};
  std::thread writer([&] {
    while (!stop) {
      const std::string key = kSecrets + "ns/s" + std::to_string(n);
      if (!s.Create(key, "v").ok()) failed = true;
      ++n;
    }
  });
  while (n < 20) std::this_thread::sleep_for(1ms);
  s.SetTransformer(Make({K("k2", 'b'), K("k1", 'a')}, "k2"));
  const int after_swap = n.load();
  while (n < after_swap + 20) std::this_thread::sleep_for(1ms);
  stop = true;
  writer.join();
  CHECK_FALSE(failed);
  // Every write that started after SetTransformer returned is under k2.
  auto all = raw.List(kSecrets);
  REQUIRE(all.ok());
  int k2 = 0;
  for (const auto& kv : all->items) k2 += InspectValue(kv.value).key_name == "k2";
  CHECK(k2 >= n - after_swap - 1);
  auto plain = s.List(kSecrets);
  REQUIRE(plain.ok());
  for (const auto& kv : plain->items) CHECK(kv.value == "v");
}

SecretsEncryptionOptions Options(const TempDir& dir, bool enabled) {
  SecretsEncryptionOptions o;
  o.config_path = EncryptionConfigPath(dir.path());
  o.enabled = enabled;
  return o;
}

SecretsEncryption::Opened OpenWith(const TempDir& dir, bool enabled) {
  auto opened = SecretsEncryption::Open(Options(dir, enabled), OpenRaw(dir.File("state.db")));
  REQUIRE_MESSAGE(opened.ok(), opened.status().ToString());
  return std::move(opened).value();
}

int64_t Count(const EncryptionStatus& status, const std::string& key) {
  for (const KeyUsage& k : status.keys) {
    if (k.name == key) return k.secrets;
  }
  return -1;
}

TEST_CASE("off without a config: the store is not wrapped and nothing changes") {
  TempDir dir;
  auto opened = OpenWith(dir, false);
  CHECK(dynamic_cast<EncryptingStore*>(opened.store.get()) == nullptr);
  REQUIRE(opened.store->Create(kA, "clear").ok());
  CHECK_FALSE(std::filesystem::exists(EncryptionConfigPath(dir.path())));
  auto status = opened.encryption->GetStatus();
  REQUIRE(status.ok());
  CHECK_FALSE(status->enabled);
  CHECK(Count(*status, "identity") == 1);
  CHECK(opened.encryption->RotateKeys().status().code() == StatusCode::kBadRequest);
}

TEST_CASE("turned on over an existing database: old secrets read, new ones encrypted, no plaintext on disk") {
  TempDir dir;
  {
    auto off = OpenWith(dir, false);
    REQUIRE(off.store->Create(kA, "MARKER-before").ok());
    off.store->Close();
  }
  std::string key_name;
  {
    auto on = OpenWith(dir, true);
    auto* s = dynamic_cast<EncryptingStore*>(on.store.get());
    REQUIRE(s != nullptr);
    key_name = s->transformer()->write_key();
    CHECK(key_name.starts_with("aesgcmkey-"));
    CHECK(on.store->Get(kA)->value == "MARKER-before");  // identity fallback
    REQUIRE(on.store->Create(kB, "MARKER-after").ok());
    CHECK(s->inner().Get(kB)->value.starts_with("k8s:enc:aesgcm:v1:" + key_name + ":"));
    auto status = on.encryption->GetStatus();
    REQUIRE(status.ok());
    CHECK(status->enabled);
    CHECK(Count(*status, key_name) == 1);
    CHECK(Count(*status, "identity") == 1);
    CHECK(status->keys[0].active);
    on.store->Close();
  }
  // Reopened: the same key from the file.
  auto again = OpenWith(dir, true);
  CHECK(dynamic_cast<EncryptingStore*>(again.store.get())->transformer()->write_key() == key_name);
  CHECK(again.store->Get(kB)->value == "MARKER-after");
  // Rotation re-encrypts the old plaintext one too.
  auto rotated = again.encryption->RotateKeys();
  REQUIRE_MESSAGE(rotated.ok(), rotated.status().ToString());
  CHECK(rotated->reencrypted == 2);
  CHECK(rotated->secrets == 2);
  CHECK(again.store->Compact(again.store->CurrentRevision()).ok());
  again.store->Close();
  again.store.reset();
  std::string bytes;
  for (const char* f : {"state.db", "state.db-wal", "state.db-shm"}) bytes += Slurp(dir.File(f));
  CHECK(bytes.find("MARKER-after") == std::string::npos);
}

TEST_CASE("rotate-keys: new key first in the file, every secret re-written with watch events, old key dropped") {
  TempDir dir;
  auto opened = OpenWith(dir, true);
  store::Store& s = *opened.store;
  auto* enc = dynamic_cast<EncryptingStore*>(opened.store.get());
  const std::string old_key = enc->transformer()->write_key();
  for (int i = 0; i < 30; ++i) REQUIRE(s.Create(kSecrets + "ns/s" + std::to_string(i), "v" + std::to_string(i)).ok());
  REQUIRE(s.Create(kMap, "map").ok());
  const int64_t before = s.CurrentRevision();
  auto watcher = s.Watch(kSecrets, before);
  REQUIRE(watcher.ok());

  opened.encryption->set_now([] { return std::chrono::system_clock::from_time_t(1767225600); });
  auto rotated = opened.encryption->RotateKeys();
  REQUIRE_MESSAGE(rotated.ok(), rotated.status().ToString());
  CHECK(rotated->new_key == "aesgcmkey-20260101T000000Z");
  CHECK(rotated->reencrypted == 30);
  CHECK(rotated->secrets == 30);
  REQUIRE(rotated->dropped_keys.size() == 1);
  CHECK(rotated->dropped_keys[0] == old_key);

  auto events = Collect(**watcher, 30);
  REQUIRE(events.size() == 30);
  for (const auto& e : events) {
    CHECK(e.type == store::EventType::kUpdate);
    CHECK(e.kv.value == e.prev->value);  // same content, new revision
  }
  for (int i = 0; i < 30; ++i) {
    const std::string key = kSecrets + "ns/s" + std::to_string(i);
    CHECK(s.Get(key)->value == "v" + std::to_string(i));
    CHECK(InspectValue(enc->inner().Get(key)->value).key_name == rotated->new_key);
  }
  CHECK(enc->inner().Get(kMap)->value == "map");
  // History under the dropped key stays readable in this process.
  CHECK(s.Get(kSecrets + "ns/s0", before - 30)->value == "v0");

  auto config = LoadEncryptionConfig(EncryptionConfigPath(dir.path()));
  REQUIRE(config.ok());
  REQUIRE(config->keys.size() == 1);
  CHECK(config->keys[0].name == rotated->new_key);
  auto status = opened.encryption->GetStatus();
  REQUIRE(status.ok());
  CHECK(status->keys[0].name == rotated->new_key);
  CHECK(status->keys[0].active);
  CHECK(status->keys[0].secrets == 30);
  CHECK(Count(*status, old_key) == -1);
  CHECK(Count(*status, "identity") == 0);

  // After a restart the new key alone reads everything current; replaying
  // history from before the rotation ends the watch with Gone.
  opened.store->Close();
  opened.store.reset();
  auto reopened = OpenWith(dir, true);
  CHECK(reopened.store->Get(kSecrets + "ns/s7")->value == "v7");
  auto old = reopened.store->Watch(kSecrets, 1);
  REQUIRE(old.ok());
  auto first = (*old)->Next(1s);
  CHECK(first.status().IsGone());
}

TEST_CASE("rotate-keys under concurrent writes and deletes loses nothing") {
  TempDir dir;
  auto opened = OpenWith(dir, true);
  store::Store& s = *opened.store;
  for (int i = 0; i < 200; ++i) REQUIRE(s.Create(kSecrets + "ns/s" + std::to_string(i), "v0").ok());
  std::atomic<bool> stop{false};
  std::atomic<int> rounds{0};
  std::thread writer([&] {
    for (int round = 1; !stop; ++round) {
      for (int i = 0; i < 200 && !stop; i += 7) {
        const std::string key = kSecrets + "ns/s" + std::to_string(i);
        (void)s.Update(key, "v" + std::to_string(round), 0);
      }
      (void)s.Delete(kSecrets + "ns/s" + std::to_string(round % 200), 0);
      (void)s.Create(kSecrets + "ns/new" + std::to_string(round), "n");
      rounds = round;
    }
  });
  while (rounds < 2) std::this_thread::sleep_for(1ms);
  for (int r = 0; r < 2; ++r) {
    auto rotated = opened.encryption->RotateKeys();
    REQUIRE_MESSAGE(rotated.ok(), rotated.status().ToString());
  }
  stop = true;
  writer.join();
  auto* enc = dynamic_cast<EncryptingStore*>(opened.store.get());
  const std::string key = enc->transformer()->write_key();
  auto census = TakeCensus(enc->inner(), kSecrets);
  REQUIRE(census.ok());
  CHECK(census->aesgcm[key] == census->total);
  // Every secret reads with the config file alone, after a restart.
  opened.store->Close();
  opened.store.reset();
  auto reopened = OpenWith(dir, true);
  auto all = reopened.store->List(kSecrets);
  REQUIRE_MESSAGE(all.ok(), all.status().ToString());
  CHECK(static_cast<int64_t>(all->items.size()) == census->total);
}

TEST_CASE("off with a config present: encrypted secrets still read, new writes in the clear") {
  TempDir dir;
  {
    auto on = OpenWith(dir, true);
    REQUIRE(on.store->Create(kA, "sealed").ok());
    on.store->Close();
  }
  auto off = OpenWith(dir, false);
  auto* enc = dynamic_cast<EncryptingStore*>(off.store.get());
  REQUIRE(enc != nullptr);
  CHECK(off.store->Get(kA)->value == "sealed");
  REQUIRE(off.store->Create(kB, "clear").ok());
  CHECK(enc->inner().Get(kB)->value == "clear");
  auto status = off.encryption->GetStatus();
  REQUIRE(status.ok());
  CHECK_FALSE(status->enabled);
  CHECK(status->keys[0].secrets == 1);
  CHECK_FALSE(status->keys[0].active);
  CHECK(Count(*status, "identity") == 1);
  CHECK(off.encryption->RotateKeys().status().code() == StatusCode::kBadRequest);
}

TEST_CASE("encrypted secrets without their key stop the start with a clear message") {
  TempDir dir;
  {
    auto on = OpenWith(dir, true);
    REQUIRE(on.store->Create(kA, "sealed").ok());
    on.store->Close();
  }
  const std::string path = EncryptionConfigPath(dir.path());
  std::filesystem::rename(path, dir.File("saved.json"));
  for (bool enabled : {false, true}) {
    auto opened = SecretsEncryption::Open(Options(dir, enabled), OpenRaw(dir.File("state.db")));
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.status().message().find("1 secret in the datastore is encrypted with key \"aesgcmkey-") == 0);
    CHECK(opened.status().message().find("but the encryption config " + path +
                                         " does not exist: restore that file") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(path));  // no new key made over the lost one
  }
  // A config with other keys.
  EncryptionConfig other;
  other.keys.push_back(K("elsewhere", 'z'));
  REQUIRE(SaveEncryptionConfig(path, other).ok());
  auto opened = SecretsEncryption::Open(Options(dir, true), OpenRaw(dir.File("state.db")));
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.status().message().find("which the encryption config " + path + " does not hold") !=
        std::string::npos);
  // Restored: fine again.
  std::filesystem::rename(dir.File("saved.json"), path);
  auto restored = OpenWith(dir, false);
  CHECK(restored.store->Get(kA)->value == "sealed");
}

}  // namespace
}  // namespace k1s::encryption
