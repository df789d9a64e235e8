#include "pkg/server/signals.h"

#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace k1s::server {

Result<std::unique_ptr<SignalWaiter>> SignalWaiter::Create(std::initializer_list<int> signals) {
  sigset_t set;
  sigemptyset(&set);
  for (int s : signals) sigaddset(&set, s);
  sigset_t previous;
  if (const int err = pthread_sigmask(SIG_BLOCK, &set, &previous); err != 0) {
    return Status::IOError(std::string("cannot block signals: ") + std::strerror(err));
  }
  const int fd = signalfd(-1, &set, SFD_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return Status::IOError(std::string("signalfd: ") + std::strerror(err));
  }
  return std::make_unique<SignalWaiter>(Key(), fd, set, previous);
}

SignalWaiter::~SignalWaiter() {
  // A second SIGTERM during shutdown must not kill the process with the
  // default action the moment the mask is restored.
  const timespec zero{};
  while (sigtimedwait(&set_, nullptr, &zero) > 0) {
  }
  close(fd_);
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

Result<int> SignalWaiter::Wait() {
  signalfd_siginfo info{};
  for (;;) {
    const ssize_t n = read(fd_, &info, sizeof(info));
    if (n == static_cast<ssize_t>(sizeof(info))) return static_cast<int>(info.ssi_signo);
    if (n < 0 && errno == EINTR) continue;
    return Status::IOError(std::string("reading signalfd: ") + std::strerror(errno));
  }
}

}  // namespace k1s::server
