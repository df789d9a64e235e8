// A client that misbehaves on purpose, for hostile_input.sh: what curl and
// kubectl cannot do. All modes speak TLS to HOST:PORT without checking the
// server's certificate.
//
//   hostile_client idle HOST PORT N SECONDS
//     Opens N connections, completes the TLS handshakes of as many as it can
//     within SECONDS (all at once, non-blocking), prints
//     "open=<handshaken> pending=<not yet> failed=<refused or reset>", then
//     holds them open, sending nothing, until its standard input closes.
//   hostile_client slow HOST PORT SECONDS [tcp]
//     Sends half a request's headers and stalls (with "tcp": connects and
//     sends nothing, not even a TLS handshake), then waits up to SECONDS for
//     the server to close the connection; prints "closed after <s>s" (exit
//     0), or "still open after <s>s" (exit 1).
//   hostile_client send HOST PORT SECONDS < request
//     Sends the raw bytes of standard input as one request and prints what
//     the server answers until it closes the connection or SECONDS pass.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int Connect(const char* host, int port, bool nonblocking) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
    close(fd);
    return -1;
  }
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  if (nonblocking) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

SSL_CTX* NewContext() {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  return ctx;
}

// Waits until `fd` is readable (or closed) for at most `seconds`.
bool WaitReadable(int fd, double seconds) {
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, static_cast<int>(seconds * 1000)) > 0;
}

int Idle(const char* host, int port, int n, double seconds) {
  SSL_CTX* ctx = NewContext();
  struct Conn {
    int fd;
    SSL* ssl;
    int state;  // 0 handshaking, 1 open, 2 failed
  };
  std::vector<Conn> conns;
  int failed = 0;
  for (int i = 0; i < n; ++i) {
    int fd = Connect(host, port, /*nonblocking=*/true);
    if (fd < 0) {
      ++failed;
      continue;
    }
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    SSL_set_connect_state(ssl);
    conns.push_back({fd, ssl, 0});
  }
  const auto start = Clock::now();
  int pending = static_cast<int>(conns.size());
  while (pending > 0 && Since(start) < seconds) {
    std::vector<pollfd> fds;
    std::vector<size_t> which;
    for (size_t i = 0; i < conns.size(); ++i) {
      Conn& c = conns[i];
      if (c.state != 0) continue;
      int rc = SSL_do_handshake(c.ssl);
      if (rc == 1) {
        c.state = 1;
        --pending;
        continue;
      }
      int err = SSL_get_error(c.ssl, rc);
      if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) {
        c.state = 2;
        --pending;
        ++failed;
        continue;
      }
      fds.push_back({c.fd, static_cast<short>(err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT), 0});
      which.push_back(i);
    }
    if (fds.empty()) break;
    poll(fds.data(), fds.size(), 100);
  }
  int open = 0;
  for (const Conn& c : conns) open += c.state == 1;
  std::printf("open=%d pending=%d failed=%d\n", open, pending, failed);
  std::fflush(stdout);
  // Hold everything until told to stop.
  char buf[256];
  while (read(0, buf, sizeof(buf)) > 0) {
  }
  for (Conn& c : conns) {
    SSL_free(c.ssl);
    close(c.fd);
  }
  SSL_CTX_free(ctx);
  return 0;
}

int Slow(const char* host, int port, double seconds, bool tcp_only) {
  int fd = Connect(host, port, /*nonblocking=*/false);
  if (fd < 0) {
    std::printf("cannot connect\n");
    return 2;
  }
  SSL_CTX* ctx = NewContext();
  SSL* ssl = nullptr;
  const auto start = Clock::now();
  if (!tcp_only) {
    ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    if (SSL_connect(ssl) != 1) {
      std::printf("TLS handshake failed\n");
      return 2;
    }
    const std::string half = "GET /api/v1/namespaces HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: applic";
    SSL_write(ssl, half.data(), static_cast<int>(half.size()));
  }
  // The server may answer nothing: a closed connection reads as EOF.
  bool closed = false;
  while (!closed && Since(start) < seconds) {
    if (!WaitReadable(fd, seconds - Since(start))) break;
    char buf[4096];
    int n = ssl ? SSL_read(ssl, buf, sizeof(buf)) : static_cast<int>(read(fd, buf, sizeof(buf)));
    if (n <= 0) closed = true;
  }
  std::printf(closed ? "closed after %.0fs\n" : "still open after %.0fs\n", Since(start));
  if (ssl) SSL_free(ssl);
  close(fd);
  SSL_CTX_free(ctx);
  return closed ? 0 : 1;
}

int Send(const char* host, int port, double seconds) {
  std::string request((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  int fd = Connect(host, port, /*nonblocking=*/false);
  if (fd < 0) return 2;
  SSL_CTX* ctx = NewContext();
  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, fd);
  if (SSL_connect(ssl) != 1) return 2;
  SSL_write(ssl, request.data(), static_cast<int>(request.size()));
  const auto start = Clock::now();
  while (Since(start) < seconds && WaitReadable(fd, seconds - Since(start))) {
    char buf[4096];
    int n = SSL_read(ssl, buf, sizeof(buf));
    if (n <= 0) break;
    std::fwrite(buf, 1, static_cast<size_t>(n), stdout);
  }
  std::fflush(stdout);
  SSL_free(ssl);
  close(fd);
  SSL_CTX_free(ctx);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s idle|slow|send HOST PORT ...\n", argv[0]);
    return 2;
  }
  const std::string mode = argv[1];
  const char* host = argv[2];
  const int port = std::atoi(argv[3]);
  if (mode == "idle" && argc >= 6) return Idle(host, port, std::atoi(argv[4]), std::atof(argv[5]));
  if (mode == "slow")
    return Slow(host, port, std::atof(argv[4]), argc >= 6 && std::string(argv[5]) == "tcp");
  if (mode == "send") return Send(host, port, std::atof(argv[4]));
  std::fprintf(stderr, "%s: unknown mode or arguments\n", argv[0]);
  return 2;
}
