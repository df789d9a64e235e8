#include <doctest/doctest.h>

#include "pkg/auth/jwt.h"
#include "pkg/util/temp_dir.h"

namespace k1s::auth {

TEST_CASE("base64url round trips without padding") {
  for (const std::string& s : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\xff\xfe\x00", 3)}) {
    std::string back;
    CHECK(Base64UrlDecode(Base64UrlEncode(s), &back));
    CHECK(back == s);
  }
  CHECK(Base64UrlEncode("\xfb\xff") == "-_8");
  std::string out;
  CHECK_FALSE(Base64UrlDecode("ab+c", &out));
  CHECK_FALSE(Base64UrlDecode("abcde", &out));
}

TEST_CASE("tokens verify with the key that signed them and no other") {
  TempDir dir;
  const std::string path = dir.path() + "/service.key";
  auto signer = TokenSigner::LoadOrCreate(path);
  REQUIRE(signer.ok());
  nlohmann::json claims = {{"sub", "system:serviceaccount:default:default"}, {"exp", 123}};
  auto token = (*signer)->Sign(claims);
  REQUIRE(token.ok());
  auto verified = (*signer)->Verify(*token);
  REQUIRE(verified.ok());
  CHECK(*verified == claims);

  // The key survives a restart: same key id, old tokens still verify.
  auto reloaded = TokenSigner::LoadOrCreate(path);
  REQUIRE(reloaded.ok());
  CHECK((*reloaded)->key_id() == (*signer)->key_id());
  CHECK((*reloaded)->Verify(*token).ok());

  auto other = TokenSigner::LoadOrCreate(dir.path() + "/other.key");
  REQUIRE(other.ok());
  CHECK_FALSE((*other)->Verify(*token).ok());

  // A changed payload breaks the signature.
  std::string tampered = *token;
  size_t dot = tampered.find('.');
  std::string forged = Base64UrlEncode(nlohmann::json{{"sub", "system:admin"}, {"exp", 123}}.dump());
  tampered = tampered.substr(0, dot + 1) + forged + tampered.substr(tampered.find('.', dot + 1));
  CHECK_FALSE((*signer)->Verify(tampered).ok());
  for (const char* junk : {"", ".", "..", "a.b.c", "a.b", "x.y.z.w"}) CHECK_FALSE((*signer)->Verify(junk).ok());

  nlohmann::json jwks = (*signer)->Jwks();
  REQUIRE(jwks["keys"].size() == 1);
  CHECK(jwks["keys"][0]["kid"] == (*signer)->key_id());
  CHECK(jwks["keys"][0]["x"].get<std::string>().size() == 43);
}

}  // namespace k1s::auth
