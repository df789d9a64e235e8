// The remote command protocol behind pods/exec and pods/attach, server side:
// picking the protocol version the client offered, the 101 reply, then
// connecting the client's streams to a running command and reporting how it
// ended on the error stream, as the kubelet does.
//
// Transports: SPDY/3.1 (every kubectl; one SPDY stream per standard
// stream, v4.channel.k8s.io) and WebSocket (kubectl 1.30+ tries it first;
// one binary message per write, its first byte the channel,
// v5.channel.k8s.io or v4.channel.k8s.io).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "pkg/http/message.h"
#include "pkg/streaming/pod_streams.h"
#include "pkg/util/result.h"
#include "pkg/util/log.h"

namespace k1s::streaming {

// PodExecOptions / PodAttachOptions, as the query parameters give them.
struct CommandOptions {
  std::string container;
  std::vector<std::string> command;  // exec only
  bool stdin = false;
  bool stdout = false;
  bool stderr = false;
  bool tty = false;
};

// BadRequest, as kube-apiserver words it, when no stream is asked for.
Result<CommandOptions> ParseCommandOptions(const http::Request& request, bool exec);

// Runs the command once the client's streams are connected.
using RunCommand = std::function<Result<ProcessExit>(ProcessStreams& streams)>;

// The reply to an exec or attach request: 101 and the session, or 400
// "Upgrade request required", or 403 when no offered protocol is spoken.
Result<http::Reply> ServeRemoteCommand(const http::Request& request, CommandOptions options,
                                       RunCommand run, Logger log);

// The metav1.Status the error stream carries for how a command ended.
Json CommandEndStatus(const Result<ProcessExit>& result, const std::vector<std::string>& command);

}  // namespace k1s::streaming
