#include "pkg/simnode/pod_port_forward.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <charconv>
#include <optional>
#include <string>

#include "pkg/simnode/pod_lifecycle.h"
#include "pkg/simnode/pod_streams.h"

namespace k1s::simnode {
namespace {

class TcpPodConnection final : public streaming::PodConnection {
 public:
  explicit TcpPodConnection(int fd) : fd_(fd) {}
  ~TcpPodConnection() override { close(fd_); }

  size_t Read(char* buffer, size_t size) override {
    while (true) {
      ssize_t n = recv(fd_, buffer, size, 0);
      if (n < 0 && errno == EINTR) continue;
      return n > 0 ? static_cast<size_t>(n) : 0;
    }
  }

  bool Write(std::string_view data) override {
    while (!data.empty()) {
      ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  void CloseWrite() override { shutdown(fd_, SHUT_WR); }

  // shutdown, not close: a Read blocked on another thread returns 0, and the
  // descriptor is not released (and reused) under it.
  void Close() override { shutdown(fd_, SHUT_RDWR); }

 private:
  const int fd_;
};

struct HostAddress {
  std::string host;
  std::string port;
};

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// "host:port" or "[v6]:port"; nullopt if malformed.
std::optional<HostAddress> ParseHostAddress(const std::string& text) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return std::nullopt;
  HostAddress out{text.substr(0, colon), text.substr(colon + 1)};
  if (out.host.front() == '[') {
    if (out.host.size() < 3 || out.host.back() != ']') return std::nullopt;
    out.host = out.host.substr(1, out.host.size() - 2);
  } else if (out.host.find(':') != std::string::npos) {
    return std::nullopt;  // a bare IPv6 address needs brackets
  }
  int number = 0;
  auto [end, ec] = std::from_chars(out.port.data(), out.port.data() + out.port.size(), number);
  if (ec != std::errc() || end != out.port.data() + out.port.size() || number < 1 || number > 65535) {
    return std::nullopt;
  }
  return out;
}

// The annotation's target for `port`: the text after "port=", if any entry names it.
std::optional<std::string> MappedTarget(const Json& pod, uint16_t port) {
  const Json& value = Sub(Sub(Sub(pod, "metadata"), "annotations"), kPortForwardAnnotation);
  if (!value.is_string()) return std::nullopt;
  const std::string text = value.get<std::string>();
  const std::string wanted = std::to_string(port);
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = text.find(',', begin);
    if (end == std::string::npos) end = text.size();
    const std::string entry = Trim(std::string_view(text).substr(begin, end - begin));
    const size_t equals = entry.find('=');
    if (equals != std::string::npos && Trim(entry.substr(0, equals)) == wanted) {
      return Trim(entry.substr(equals + 1));
    }
    begin = end + 1;
  }
  return std::nullopt;
}

// Go's wording for errno values ("connection refused"), which the kubelet passes on.
std::string GoErrno(int error) {
  std::string text = strerror(error);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

std::string NumericAddress(const addrinfo& ai) {
  char host[INET6_ADDRSTRLEN] = "";
  char port[8] = "";
  getnameinfo(ai.ai_addr, ai.ai_addrlen, host, sizeof(host), port, sizeof(port),
              NI_NUMERICHOST | NI_NUMERICSERV);
  return ai.ai_family == AF_INET6 ? "[" + std::string(host) + "]:" + port : std::string(host) + ":" + port;
}

// Connects within `timeout`: a socket in blocking mode, or the dial error.
Result<int> Dial(const addrinfo& ai, std::chrono::milliseconds timeout) {
  const std::string where = "dial tcp " + NumericAddress(ai) + ": ";
  int fd = socket(ai.ai_family, ai.ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai.ai_protocol);
  if (fd < 0) return Status::Unavailable(where + "socket: " + GoErrno(errno));
  int error = 0;
  if (connect(fd, ai.ai_addr, ai.ai_addrlen) != 0) {
    error = errno;
    if (error == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      int ready;
      do {
        ready = poll(&p, 1, static_cast<int>(timeout.count()));
      } while (ready < 0 && errno == EINTR);
      socklen_t len = sizeof(error);
      if (ready == 0) {
        error = ETIMEDOUT;
      } else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0) {
        error = errno;
      }
    }
  }
  if (error != 0) {
    close(fd);
    return Status::Unavailable(where + (error == ETIMEDOUT ? "i/o timeout" : "connect: " + GoErrno(error)));
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

}  // namespace

Result<std::unique_ptr<streaming::PodConnection>> ForwardPodPort(const Json& pod, uint16_t port,
                                                                 std::chrono::milliseconds timeout) {
  const Json& meta = Sub(pod, "metadata");
  const std::string pod_name = meta.value("name", "");
  const std::string port_text = std::to_string(port);
  const std::optional<std::string> target = MappedTarget(pod, port);
  if (!target) {
    return Status::BadRequest("simulated pod " + pod_name + " runs nothing to forward port " + port_text +
                              " to: map it to a host address with the pod annotation " +
                              kPortForwardAnnotation + " (e.g. \"" + port_text + "=127.0.0.1:8080\")");
  }
  const std::optional<HostAddress> address = ParseHostAddress(*target);
  if (!address) {
    return Status::BadRequest("pod " + pod_name + " annotation " + kPortForwardAnnotation + " maps port " +
                              port_text + " to \"" + *target + "\", not host:port");
  }
  const std::string prefix =
      "error forwarding port " + port_text + " to pod " + pod_name + ", uid " + meta.value("uid", "") + ": ";
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = getaddrinfo(address->host.c_str(), address->port.c_str(), &hints, &found); rc != 0) {
    return Status::Unavailable(prefix + "dial tcp: lookup " + address->host + ": " + gai_strerror(rc));
  }
  Status last_error;
  for (const addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    Result<int> fd = Dial(*ai, timeout);
    if (fd.ok()) {
      freeaddrinfo(found);
      return std::unique_ptr<streaming::PodConnection>(std::make_unique<TcpPodConnection>(*fd));
    }
    last_error = fd.status();
  }
  freeaddrinfo(found);
  return Status::Unavailable(prefix + last_error.message());
}

}  // namespace k1s::simnode
