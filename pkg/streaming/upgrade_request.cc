#include "pkg/streaming/upgrade_request.h"

#include <algorithm>
#include <cctype>

namespace k1s::streaming {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> Offers(const http::Request& request, std::string_view header) {
  std::vector<std::string> offers;
  auto [begin, end] = request.headers.equal_range(std::string(header));
  for (auto it = begin; it != end; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view item = Trim(rest.substr(0, comma));
      if (!item.empty()) offers.emplace_back(item);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  return offers;
}

std::string List(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? " " : "") + items[i];
  return out + "]";
}

}  // namespace

bool IsSpdyUpgrade(const http::Request& request) {
  return Lower(request.Header("Upgrade")).find("spdy/3.1") != std::string::npos &&
         Lower(request.Header("Connection")).find("upgrade") != std::string::npos;
}

std::string NegotiateProtocol(const http::Request& request, std::string_view header,
                              const std::vector<std::string>& supported) {
  for (const auto& offer : Offers(request, header)) {
    if (std::find(supported.begin(), supported.end(), offer) != supported.end()) return offer;
  }
  return "";
}

Status NoCommonProtocol(const http::Request& request, std::string_view header,
                        const std::vector<std::string>& supported) {
  return Status(StatusCode::kForbidden, "unable to upgrade: unable to negotiate protocol: client supports " +
                                            List(Offers(request, header)) + ", server supports " +
                                            List(supported));
}

http::Response SpdyUpgradeResponse(const std::string& protocol) {
  http::Response head;
  head.status = 101;
  head.headers.emplace("Connection", "Upgrade");
  head.headers.emplace("Upgrade", "SPDY/3.1");
  head.headers.emplace(kStreamProtocolHeader, protocol);
  return head;
}

}  // namespace k1s::streaming
