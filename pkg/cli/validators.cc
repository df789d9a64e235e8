#include "pkg/cli/validators.h"

#include <cctype>
#include <string>

namespace k1s::cli {

namespace {

bool IsAlnumLower(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

Status ValidateHttpsUrl(const Value& value) {
  const std::string& url = std::get<std::string>(value);
  if (url.empty()) return Status::Ok();
  const std::string scheme = "https://";
  if (url.rfind(scheme, 0) != 0)
    return Status::Invalid("must be an https:// URL, e.g. https://10.0.0.1:6443");
  const std::string rest = url.substr(scheme.size());
  const std::string host = rest.substr(0, rest.find_first_of(":/?#"));
  if (host.empty() && rest.rfind('[', 0) != 0) return Status::Invalid("the URL has no host");
  for (char c : url) {
    if (std::isspace(static_cast<unsigned char>(c)))
      return Status::Invalid("a URL cannot contain spaces");
  }
  return Status::Ok();
}

Status ValidateDnsSubdomain(const Value& value) {
  const std::string& name = std::get<std::string>(value);
  if (name.empty()) return Status::Ok();
  const Status bad = Status::Invalid(
      "must be a DNS subdomain: lower-case letters, digits, '-' and '.', starting and ending "
      "with a letter or digit, at most 253 characters");
  if (name.size() > 253) return bad;
  size_t label_start = 0;
  for (size_t i = 0; i <= name.size(); ++i) {
    if (i < name.size() && name[i] != '.') {
      if (!IsAlnumLower(name[i]) && name[i] != '-') return bad;
      continue;
    }
    const size_t len = i - label_start;
    if (len == 0 || len > 63 || !IsAlnumLower(name[label_start]) || !IsAlnumLower(name[i - 1]))
      return bad;
    label_start = i + 1;
  }
  return Status::Ok();
}

}  // namespace k1s::cli
