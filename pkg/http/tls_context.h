// TLS setup for the server (internal to pkg/http): the OpenSSL context built
// from PEM files, and the identity a verified client certificate proves.
#pragma once

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <optional>

#include "pkg/http/message.h"
#include "pkg/http/server.h"
#include "pkg/util/result.h"

namespace k1s::http::internal {

// TLS 1.2 or newer, serving `files.cert_file` (leaf first, then the chain) with
// `files.key_file`. With a client CA, a client certificate is requested and
// verified against it but not required. IOError naming the file that failed.
Result<std::unique_ptr<boost::asio::ssl::context>> MakeServerTlsContext(const TlsFiles& files);

// Subject CN and O values of the client certificate on a finished handshake,
// if the client sent one and it verified; nullopt otherwise.
std::optional<PeerCertificate> VerifiedPeer(SSL* ssl);

}  // namespace k1s::http::internal
