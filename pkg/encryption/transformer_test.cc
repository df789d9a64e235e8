#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>

#include "pkg/encryption/encryption_config.h"
#include "pkg/encryption/transformer.h"
#include "pkg/util/temp_dir.h"

namespace k1s::encryption {
namespace {

Key MakeKey(const std::string& name, char fill = 'k', size_t size = 32) {
  return Key{name, std::string(size, fill)};
}

std::shared_ptr<const Transformer> Make(std::vector<Key> keys, const std::string& write) {
  auto t = Transformer::Create(std::move(keys), write);
  REQUIRE_MESSAGE(t.ok(), t.status().ToString());
  return *t;
}

const std::string kKey = "/registry/core/secrets/default/db";
const std::string kPlain = R"({"kind":"Secret","data":{"password":"aHVudGVyMg=="}})";

TEST_CASE("round trip: the stored value is prefixed, opaque and decrypts to the input") {
  auto t = Make({MakeKey("k1")}, "k1");
  auto stored = t->ToStorage(kPlain, kKey);
  REQUIRE(stored.ok());
  CHECK(stored->starts_with("k8s:enc:aesgcm:v1:k1:"));
  CHECK(stored->size() == std::string("k8s:enc:aesgcm:v1:k1:").size() + 12 + kPlain.size() + 16);
  CHECK(stored->find("password") == std::string::npos);
  CHECK(stored->find("aHVudGVyMg") == std::string::npos);
  auto plain = t->FromStorage(*stored, kKey);
  REQUIRE(plain.ok());
  CHECK(*plain == kPlain);
  // A fresh nonce each time: the same plaintext never encrypts the same way.
  CHECK(*t->ToStorage(kPlain, kKey) != *stored);
  // Empty values and every AES key size work.
  for (size_t size : {16u, 24u, 32u}) {
    auto sized = Make({MakeKey("s", 'x', size)}, "s");
    for (const std::string& text : {std::string(), kPlain}) {
      auto s = sized->ToStorage(text, kKey);
      REQUIRE(s.ok());
      CHECK(*sized->FromStorage(*s, kKey) == text);
    }
  }
}

TEST_CASE("InspectValue names the key without decrypting") {
  auto t = Make({MakeKey("k1")}, "k1");
  Envelope e = InspectValue(*t->ToStorage(kPlain, kKey));
  CHECK(e.kind == Envelope::Kind::kAesGcm);
  CHECK(e.key_name == "k1");
  CHECK(InspectValue(kPlain).kind == Envelope::Kind::kIdentity);
  e = InspectValue("k8s:enc:aescbc:v1:key1:xxxx");
  CHECK(e.kind == Envelope::Kind::kOther);
  CHECK(e.key_name == "k8s:enc:aescbc");
}

TEST_CASE("a wrong key fails cleanly") {
  auto writer = Make({MakeKey("k1", 'a')}, "k1");
  auto stored = *writer->ToStorage(kPlain, kKey);
  // Same name, other bytes: authentication fails, no plaintext comes back.
  auto impostor = Make({MakeKey("k1", 'b')}, "k1");
  auto r = impostor->FromStorage(stored, kKey);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInternal);
  CHECK(r.status().message().find("does not authenticate") != std::string::npos);
  // A key the transformer does not have at all.
  auto other = Make({MakeKey("k2")}, "k2");
  r = other->FromStorage(stored, kKey);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("\"k1\", which the encryption config does not hold") !=
        std::string::npos);
  // Another provider's format.
  r = other->FromStorage("k8s:enc:aescbc:v1:k2:abcdef", kKey);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("provider k1s does not have") != std::string::npos);
}

TEST_CASE("tampered ciphertext, tag, nonce or a truncated value fail") {
  auto t = Make({MakeKey("k1")}, "k1");
  const std::string stored = *t->ToStorage(kPlain, kKey);
  const size_t header = std::string("k8s:enc:aesgcm:v1:k1:").size();
  for (size_t pos : {header, header + 12, header + 20, stored.size() - 1}) {
    std::string bad = stored;
    bad[pos] = static_cast<char>(bad[pos] ^ 0x01);
    CHECK_FALSE(t->FromStorage(bad, kKey).ok());
  }
  CHECK_FALSE(t->FromStorage(stored.substr(0, header + 20), kKey).ok());
  CHECK_FALSE(t->FromStorage(stored.substr(0, stored.size() - 1), kKey).ok());
  CHECK_FALSE(t->FromStorage("k8s:enc:aesgcm:v1:k1:", kKey).ok());
}

TEST_CASE("the store key is authenticated: a ciphertext moved to another key does not decrypt") {
  auto t = Make({MakeKey("k1")}, "k1");
  const std::string stored = *t->ToStorage(kPlain, kKey);
  auto moved = t->FromStorage(stored, "/registry/core/secrets/default/other");
  REQUIRE_FALSE(moved.ok());
  CHECK(moved.status().message().find("does not authenticate") != std::string::npos);
}

TEST_CASE("identity: values in the clear read as they are; no write key writes in the clear") {
  auto t = Make({MakeKey("k1")}, "k1");
  CHECK(*t->FromStorage(kPlain, kKey) == kPlain);
  auto reader = Make({MakeKey("k1")}, "");
  CHECK(*reader->ToStorage(kPlain, kKey) == kPlain);
  // ...and still decrypts what k1 wrote.
  CHECK(*reader->FromStorage(*t->ToStorage(kPlain, kKey), kKey) == kPlain);
}

TEST_CASE("several keys: each value decrypts with the key its prefix names") {
  auto old_writer = Make({MakeKey("old", 'o')}, "old");
  auto both = Make({MakeKey("new", 'n'), MakeKey("old", 'o')}, "new");
  const std::string a = *old_writer->ToStorage("a", kKey);
  const std::string b = *both->ToStorage("b", kKey);
  CHECK(InspectValue(b).key_name == "new");
  CHECK(*both->FromStorage(a, kKey) == "a");
  CHECK(*both->FromStorage(b, kKey) == "b");
}

TEST_CASE("bad keys are refused") {
  CHECK_FALSE(Transformer::Create({MakeKey("")}, "").ok());
  CHECK_FALSE(Transformer::Create({MakeKey("a:b")}, "").ok());
  CHECK_FALSE(Transformer::Create({MakeKey("short", 'k', 20)}, "").ok());
  CHECK_FALSE(Transformer::Create({MakeKey("a"), MakeKey("a")}, "a").ok());
  CHECK_FALSE(Transformer::Create({MakeKey("a")}, "b").ok());
}

TEST_CASE("config: render and parse round trip, k8s's EncryptionConfiguration shape") {
  EncryptionConfig config;
  config.keys.push_back(MakeKey("aesgcmkey-1", 'x'));
  config.keys.push_back(MakeKey("aesgcmkey-0", 'y', 16));
  const std::string text = RenderEncryptionConfig(config);
  CHECK(text.find("\"kind\": \"EncryptionConfiguration\"") != std::string::npos);
  CHECK(text.find("\"apiVersion\": \"apiserver.config.k8s.io/v1\"") != std::string::npos);
  CHECK(text.find("\"identity\": {}") != std::string::npos);
  CHECK(text.find(std::string(32, 'x')) == std::string::npos);  // base64, not raw
  auto parsed = ParseEncryptionConfig(text, "f");
  REQUIRE_MESSAGE(parsed.ok(), parsed.status().ToString());
  REQUIRE(parsed->keys.size() == 2);
  CHECK(parsed->keys[0].name == "aesgcmkey-1");
  CHECK(parsed->keys[0].secret == std::string(32, 'x'));
  CHECK(parsed->keys[1].secret == std::string(16, 'y'));
}

TEST_CASE("config: what k1s does not implement is refused with the reason") {
  auto reason = [](const std::string& text) {
    auto r = ParseEncryptionConfig(text, "/x/encryption-config.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().starts_with("encryption config /x/encryption-config.json: "));
    return r.status().message();
  };
  const std::string head =
      R"({"kind":"EncryptionConfiguration","apiVersion":"apiserver.config.k8s.io/v1","resources":)";
  const std::string key = R"({"name":"k","secret":"a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s="})";
  CHECK(reason("nope").find("not a JSON object") != std::string::npos);
  CHECK(reason(R"({"kind":"Other"})").find("want kind") != std::string::npos);
  CHECK(reason(head + R"([{"resources":["configmaps"],"providers":[]}]})").find("secrets only") !=
        std::string::npos);
  CHECK(reason(head + R"([{"resources":["secrets"],"providers":[{"identity":{}},{"aesgcm":{"keys":[)" +
               key + "]}}]}]}")
            .find("first provider must be aesgcm") != std::string::npos);
  CHECK(reason(head + R"([{"resources":["secrets"],"providers":[{"aescbc":{"keys":[)" + key +
               "]}}]}]}")
            .find("first provider must be aesgcm") != std::string::npos);
  CHECK(reason(head + R"([{"resources":["secrets"],"providers":[{"aesgcm":{"keys":[]}}]}]})")
            .find("at least one key") != std::string::npos);
  CHECK(reason(head +
               R"([{"resources":["secrets"],"providers":[{"aesgcm":{"keys":[{"name":"k","secret":"!!"}]}}]}]})")
            .find("not base64") != std::string::npos);
  CHECK(reason(head +
               R"([{"resources":["secrets"],"providers":[{"aesgcm":{"keys":[{"name":"k","secret":"YWJj"}]}}]}]})")
            .find("16, 24 or 32") != std::string::npos);
  // The minimal accepted form: aesgcm alone (identity optional).
  auto ok = ParseEncryptionConfig(
      head + R"([{"resources":["secrets"],"providers":[{"aesgcm":{"keys":[)" + key + "]}}]}]}", "f");
  REQUIRE_MESSAGE(ok.ok(), ok.status().ToString());
  CHECK(ok->keys[0].secret == std::string(32, 'k'));
}

TEST_CASE("config file: written 0600 in a 0700 directory, loaded back, NotFound when absent") {
  TempDir dir;
  const std::string path = dir.File("server/cred/encryption-config.json");
  CHECK(LoadEncryptionConfig(path).status().IsNotFound());
  auto key = GenerateKey({}, std::chrono::system_clock::from_time_t(1767225600));  // 2026-01-01
  REQUIRE(key.ok());
  CHECK(key->name == "aesgcmkey-20260101T000000Z");
  CHECK(key->secret.size() == 32);
  EncryptionConfig config;
  config.keys.push_back(*key);
  REQUIRE(SaveEncryptionConfig(path, config).ok());
  struct stat st {};
  REQUIRE(stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(stat(dir.File("server/cred").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  auto loaded = LoadEncryptionConfig(path);
  REQUIRE(loaded.ok());
  CHECK(loaded->keys[0].secret == key->secret);
  // A second key in the same second gets a suffix; two keys never share bytes.
  auto again = GenerateKey(config.keys, std::chrono::system_clock::from_time_t(1767225600));
  REQUIRE(again.ok());
  CHECK(again->name == "aesgcmkey-20260101T000000Z-2");
  CHECK(again->secret != key->secret);
}

}  // namespace
}  // namespace k1s::encryption
