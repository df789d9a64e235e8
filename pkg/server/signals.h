// SignalWaiter: the process's termination signals as something to wait on.
//
// Create it in the main thread before any other thread starts: it blocks the
// signals there, every thread started later inherits the mask, and so the
// signals are only ever consumed by Wait(). No handler, no global flag.
#pragma once

#include <signal.h>

#include <initializer_list>
#include <memory>

#include "pkg/util/result.h"

namespace k1s::server {

class SignalWaiter {
 public:
  // Blocks `signals` in the calling thread and opens a signalfd for them.
  // IOError if the OS refuses.
  static Result<std::unique_ptr<SignalWaiter>> Create(std::initializer_list<int> signals);
  SignalWaiter(const SignalWaiter&) = delete;
  SignalWaiter& operator=(const SignalWaiter&) = delete;
  // Discards any of the signals still pending, then restores the previous mask.
  ~SignalWaiter();

  // Blocks until one of the signals arrives and returns its number.
  Result<int> Wait();

  // Only Create can name Key, so only Create constructs.
  class Key {
    friend class SignalWaiter;
    Key() = default;
  };
  SignalWaiter(Key, int fd, sigset_t set, sigset_t previous)
      : fd_(fd), set_(set), previous_(previous) {}

 private:
  const int fd_;
  const sigset_t set_;
  const sigset_t previous_;
};

}  // namespace k1s::server
