// SimulatedPodStreams: what `kubectl logs`, `attach`, `exec` and
// `port-forward` reach for pods on simulated nodes.
//
// Simulated pods run nothing, and this says so rather than pretend:
//
// Logs. A container "prints" the text of the pod annotation
//   k1s.io/simulate-logs (may be multi-line) once each time it starts; see
//   pod_logs.h. previous=true reads the run before (lastState.terminated).
//   timestamps, tailLines, limitBytes and since are honoured. follow=true
//   keeps the stream open, with nothing more to say, until the run ends:
//   the pod is gone or its container is no longer in the same running run
//   (restarted, exited, killed). One poller thread, started by the first
//   follow, looks at every open follow every `poll_interval`.
//
// Attach. The main process behaves as `cat`: what the client sends on stdin
//   comes back on stdout. It returns (exit code 0) when stdin ends, the
//   client leaves, or the container's run ends (checked every poll_interval).
//   Resizes are ignored.
//
// Exec. Off unless the server runs with --simulated-node-exec: the command
//   would run on the host, as the server's user, not in any container. When
//   on, `command` (argv, no shell) runs as a host process in its own process
//   group, in <work_dir>/<pod uid>/<container> (created), with PATH, HOME
//   (that directory), HOSTNAME=<pod name> and the container's literal `env`
//   values (valueFrom and $(VAR) references are not resolved). There is no
//   terminal: with tty, stderr is merged into stdout. The exit code is the
//   command's, 128+N if signal N killed it, 127 if it was not found, 126 if it
//   could not be executed. When the command exits, anything it left running
//   in its process group is killed; when the client leaves, the whole group
//   is killed (SIGKILL).
//
// Port-forward. The pod annotation
//   k1s.io/simulate-port-forward: "80=127.0.0.1:8080,9000=localhost:9001"
//   maps pod ports to host addresses, reached over TCP.
//
// Attach and exec read the client's stdin on a thread of their own; when
// the command (or the attached run) ends first, they end that read with
// ProcessStreams::close_stdin, as the kubelet ends the session.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "pkg/streaming/pod_streams.h"

namespace k1s::simnode {

inline constexpr const char* kPortForwardAnnotation = "k1s.io/simulate-port-forward";

struct SimulatedPodStreamsOptions {
  // The pod as it is now (from the informer cache); nullopt once it is gone.
  std::function<std::optional<streaming::Json>(const std::string& ns, const std::string& name)> get_pod;
  // --simulated-node-exec: exec runs commands on the host.
  bool host_exec = false;
  // Where exec commands get a scratch directory per pod and container.
  std::string work_dir;
  // How often follows and attaches look at the pod for the end of the run.
  std::chrono::milliseconds poll_interval{500};
  // How long a port-forward waits for the host address to accept.
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
};

class SimulatedPodStreams final : public streaming::PodStreamBackend {
 public:
  explicit SimulatedPodStreams(SimulatedPodStreamsOptions options);
  // Ends the open follow streams (their next Read reports the end) and
  // stops the poller. Exec and attach calls must have returned.
  ~SimulatedPodStreams() override;
  SimulatedPodStreams(const SimulatedPodStreams&) = delete;
  SimulatedPodStreams& operator=(const SimulatedPodStreams&) = delete;

  Result<std::unique_ptr<http::ResponseStream>> Logs(const streaming::Json& pod,
                                                     const streaming::LogOptions& options) override;
  Result<streaming::ProcessExit> Exec(const streaming::Json& pod, const std::string& container,
                                      const std::vector<std::string>& command,
                                      streaming::ProcessStreams& streams) override;
  Result<streaming::ProcessExit> Attach(const streaming::Json& pod, const std::string& container,
                                        streaming::ProcessStreams& streams) override;
  Result<std::unique_ptr<streaming::PodConnection>> PortForward(const streaming::Json& pod,
                                                                uint16_t port) override;

 private:
  class FollowPoller;

  // Whether the run named `run_key` of the container is still the one going.
  bool SameRun(const streaming::Json& pod, const std::string& container, const std::string& run_key) const;

  const SimulatedPodStreamsOptions options_;
  std::unique_ptr<FollowPoller> poller_;
};

}  // namespace k1s::simnode
