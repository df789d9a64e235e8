// SPDY/3 frames on the wire (draft-mbelshe-httpbis-spdy-00, "SPDY Protocol -
// Draft 3"; 3.1 only adds session-level WINDOW_UPDATE): encoding, splitting
// a byte stream into frames, and the zlib-compressed name/value header
// blocks. No session state lives here beyond the two compression contexts,
// which the session (and the tests' client) own one of per direction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/http/message.h"

struct z_stream_s;

namespace k1s::streaming::spdy {

inline constexpr uint16_t kVersion = 3;
inline constexpr size_t kFrameHeaderSize = 8;
// The length field has 24 bits.
inline constexpr uint32_t kMaxFrameLength = (1u << 24) - 1;
inline constexpr uint32_t kStreamIdMask = 0x7fffffff;

enum FrameType : uint16_t {
  kSynStream = 1,
  kSynReply = 2,
  kRstStream = 3,
  kSettings = 4,
  kPing = 6,
  kGoAway = 7,
  kHeaders = 8,
  kWindowUpdate = 9,
};

// Flags.
inline constexpr uint8_t kFlagFin = 0x01;             // DATA, SYN_STREAM, SYN_REPLY, HEADERS
inline constexpr uint8_t kFlagUnidirectional = 0x02;  // SYN_STREAM

// RST_STREAM status codes.
enum RstStatus : uint32_t {
  kProtocolError = 1,
  kInvalidStream = 2,
  kRefusedStream = 3,
  kUnsupportedVersion = 4,
  kCancel = 5,
  kInternalError = 6,
  kFlowControlError = 7,
  kStreamInUse = 8,
  kStreamAlreadyClosed = 9,
  kInvalidCredentials = 10,
  kFrameTooLarge = 11,
};

// GOAWAY status codes.
enum GoAwayStatus : uint32_t {
  kGoAwayOk = 0,
  kGoAwayProtocolError = 1,
  kGoAwayInternalError = 2,
};

// The zlib dictionary both directions' header compression starts from
// (section 2.6.10.1 of the draft; 1423 bytes).
std::string_view HeaderDictionary();

// ---- Header blocks ----

// The uncompressed name/value block: a 32-bit count, then each name and
// value with a 32-bit length. Names are lower-cased; several values of one
// name go out as one entry, joined by NUL.
std::string EncodeHeaderBlock(const http::Headers& headers);
// The reverse: a value containing NULs becomes several entries. False if the
// block is truncated, has bytes left over, or an empty name.
bool DecodeHeaderBlock(std::string_view block, http::Headers& out);

// One direction's compression context: a zlib stream with the dictionary
// that lasts the whole session. Each block ends with a sync flush, so the
// peer can decode it on its own.
class HeaderCompressor {
 public:
  HeaderCompressor();
  ~HeaderCompressor();
  HeaderCompressor(const HeaderCompressor&) = delete;
  HeaderCompressor& operator=(const HeaderCompressor&) = delete;

  // Appends the compressed form of `block` to `out`; false on a zlib failure
  // (after which the context is useless).
  bool Compress(std::string_view block, std::string& out);
  // EncodeHeaderBlock, then Compress.
  bool CompressHeaders(const http::Headers& headers, std::string& out);

 private:
  std::unique_ptr<z_stream_s> z_;
  bool ok_ = false;
};

// The other end of a HeaderCompressor: one zlib inflate stream for all the
// header blocks one peer sends.
class HeaderDecompressor {
 public:
  // Decompressed blocks larger than this are refused (kubectl sends a few
  // short headers; a stream holds on to its headers while it is open).
  static constexpr size_t kDefaultMaxBlock = 64 << 10;

  HeaderDecompressor();
  ~HeaderDecompressor();
  HeaderDecompressor(const HeaderDecompressor&) = delete;
  HeaderDecompressor& operator=(const HeaderDecompressor&) = delete;

  // Appends what one frame's compressed bytes inflate to. False on corrupt
  // data, a wrong dictionary, the zlib stream ending, or more than
  // `max_block` bytes of output; the context is useless afterwards.
  bool Decompress(std::string_view in, std::string& out, size_t max_block = kDefaultMaxBlock);
  // Decompress, then DecodeHeaderBlock.
  bool DecompressHeaders(std::string_view in, http::Headers& out);

 private:
  std::unique_ptr<z_stream_s> z_;
  bool ok_ = false;
};

// ---- Encoding ----

std::string EncodeDataFrame(uint32_t stream_id, uint8_t flags, std::string_view data);
// `header_block` is already compressed. `priority` is 0 (highest) to 7.
std::string EncodeSynStream(uint32_t stream_id, uint32_t associated_id, uint8_t priority,
                            uint8_t flags, std::string_view header_block);
std::string EncodeSynReply(uint32_t stream_id, uint8_t flags, std::string_view header_block);
std::string EncodeHeaders(uint32_t stream_id, uint8_t flags, std::string_view header_block);
std::string EncodeRstStream(uint32_t stream_id, uint32_t status);
struct Setting {
  uint8_t flags = 0;
  uint32_t id = 0;  // 24 bits
  uint32_t value = 0;
};
std::string EncodeSettings(uint8_t flags, const std::vector<Setting>& settings);
std::string EncodePing(uint32_t id);
std::string EncodeGoAway(uint32_t last_good_stream_id, uint32_t status);
std::string EncodeWindowUpdate(uint32_t stream_id, uint32_t delta);
// Any control frame, for types the helpers above do not cover.
std::string EncodeControlFrame(uint16_t version, uint16_t type, uint8_t flags,
                               std::string_view payload);

// ---- Decoding ----

struct Frame {
  bool control = false;
  uint16_t version = 0;    // control frames
  uint16_t type = 0;       // control frames
  uint32_t stream_id = 0;  // DATA frames
  uint8_t flags = 0;
  std::string_view payload;  // valid until the next FrameReader call
};

// Splits a byte stream into frames, refusing lengths over the limits before
// their payload arrives (control frames here carry little; DATA frames may
// use the whole 24-bit length).
class FrameReader {
 public:
  static constexpr uint32_t kDefaultMaxControl = 1 << 20;

  explicit FrameReader(uint32_t max_control = kDefaultMaxControl,
                       uint32_t max_data = kMaxFrameLength)
      : max_control_(max_control), max_data_(max_data) {}

  enum class Status { kFrame, kNeedMore, kError };
  void Append(std::string_view bytes);
  // The next whole frame, if there is one. kError (with `error` set) when a
  // frame header is invalid; the stream cannot be resynchronized after it.
  Status Next(Frame& frame, std::string& error);

 private:
  uint32_t max_control_;
  uint32_t max_data_;
  std::string buf_;
  size_t pos_ = 0;  // start of the unparsed bytes in buf_
};

// The fixed parts of each control frame's payload; nullopt when the payload
// is too short (or, for fixed-size frames, of the wrong length).
struct SynStream {
  uint32_t stream_id = 0;
  uint32_t associated_id = 0;
  uint8_t priority = 0;
  uint8_t slot = 0;
  std::string_view header_block;  // compressed
};
std::optional<SynStream> ParseSynStream(std::string_view payload);
// SYN_REPLY and HEADERS have the same layout.
struct StreamHeaders {
  uint32_t stream_id = 0;
  std::string_view header_block;  // compressed
};
std::optional<StreamHeaders> ParseSynReplyOrHeaders(std::string_view payload);
struct RstStream {
  uint32_t stream_id = 0;
  uint32_t status = 0;
};
std::optional<RstStream> ParseRstStream(std::string_view payload);
std::optional<std::vector<Setting>> ParseSettings(std::string_view payload);
std::optional<uint32_t> ParsePing(std::string_view payload);
struct GoAway {
  uint32_t last_good_stream_id = 0;
  uint32_t status = 0;  // 0 when the (SPDY/2-sized) frame has none
};
std::optional<GoAway> ParseGoAway(std::string_view payload);
struct WindowUpdate {
  uint32_t stream_id = 0;  // 0: the session (SPDY/3.1)
  uint32_t delta = 0;
};
std::optional<WindowUpdate> ParseWindowUpdate(std::string_view payload);

}  // namespace k1s::streaming::spdy
