// The server side of a SPDY/3.1 session as kubectl's client (Go's
// moby/spdystream, the same library the kubelet serves with) uses it.
//
// Flow control: spdystream implements none. It never sends WINDOW_UPDATE or
// SETTINGS, ignores the ones it receives (they fall through to its
// "unhandled frame type" case), and writes each Write call as one DATA frame
// whatever the window. So this side enforces no send window and sends no
// WINDOW_UPDATE; WINDOW_UPDATE and SETTINGS from the peer are checked for
// form and ignored. Backpressure is TCP's: the reader thread stops reading
// while a stream holds more unread data than kMaxStreamBuffer (or the
// session more than kMaxSessionBuffer), as spdystream's own frame workers
// block on a stream nobody reads.
//
// Locks: write_mu_ (the connection's write order and the header compressor)
// is taken before mu_ (all other state), never the other way round. The
// reader thread holds neither while it blocks on the connection.
#include "pkg/streaming/spdy_session.h"

#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "pkg/streaming/spdy_frames.h"

namespace k1s::streaming {
namespace {

// Our DATA frames carry at most this much.
constexpr size_t kMaxDataPayload = 16 * 1024;
// Unread bytes one stream, and the whole session, may hold before the reader
// stops reading (a single frame may exceed them when nothing else is held).
constexpr size_t kMaxStreamBuffer = 1 << 20;
constexpr size_t kMaxSessionBuffer = 64 << 20;
// Streams open at once; more are refused (RST_STREAM REFUSED_STREAM).
constexpr size_t kMaxStreams = 1024;
// How long Close waits for a writer to finish its frame before it closes the
// connection without a GOAWAY.
constexpr auto kGoAwayWait = std::chrono::milliseconds(250);
constexpr size_t kReadChunk = 64 * 1024;

// A mutex with a bounded wait, for the connection's write order. Not
// std::timed_mutex: ThreadSanitizer does not see its timed lock (glibc's
// pthread_mutex_clocklock) and reports every unlock after one.
class WriteLock {
 public:
  void lock() {
    std::unique_lock lk(mu_);
    cv_.wait(lk, [&] { return !held_; });
    held_ = true;
  }
  bool try_lock_for(std::chrono::milliseconds timeout) {
    std::unique_lock lk(mu_);
    if (!cv_.wait_for(lk, timeout, [&] { return !held_; })) return false;
    held_ = true;
    return true;
  }
  void unlock() {
    {
      std::lock_guard lk(mu_);
      held_ = false;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool held_ = false;
};

struct StreamState {
  StreamState(uint32_t id, http::Headers headers) : id(id), headers(std::move(headers)) {}

  const uint32_t id;
  const http::Headers headers;
  // The rest is guarded by the session's mu_.
  std::condition_variable readable;
  std::deque<std::string> chunks;  // unread DATA payloads
  size_t head = 0;                 // bytes of chunks.front() already read
  size_t buffered = 0;             // unread bytes in all chunks
  bool remote_closed = false;      // the client sent FIN
  bool local_closed = false;       // we sent FIN
  bool reset = false;              // RST_STREAM either way
  bool abandoned = false;          // the handle is gone: incoming data is dropped
  bool in_map = false;             // routed to by the reader
};

class SessionCore;

class StreamImpl final : public SpdyStream {
 public:
  StreamImpl(std::shared_ptr<SessionCore> core, std::shared_ptr<StreamState> st)
      : core_(std::move(core)), st_(std::move(st)) {}
  ~StreamImpl() override;

  uint32_t id() const override { return st_->id; }
  const http::Headers& headers() const override { return st_->headers; }
  size_t Read(char* buffer, size_t size) override;
  bool Write(std::string_view data) override;
  void CloseWrite() override;
  void Reset() override;

 private:
  std::shared_ptr<SessionCore> core_;
  std::shared_ptr<StreamState> st_;
};

// The session's state, shared with the stream handles so that a handle that
// outlives the SpdySession finds it ended (and never touches the connection).
class SessionCore : public std::enable_shared_from_this<SessionCore> {
 public:
  explicit SessionCore(http::UpgradedConnection& conn) : conn_(conn) {}

  void ReadLoop();
  // Ends the session: wakes every waiter, optionally sends GOAWAY, closes
  // the connection. Only the first call does anything. Must not be called
  // with mu_ held; with write_mu_ held only when `goaway` is false.
  void End(bool goaway, uint32_t status);
  bool Ended() {
    std::lock_guard lk(mu_);
    return ended_;
  }
  void WaitEnded() {
    std::unique_lock lk(mu_);
    done_cv_.wait(lk, [&] { return ended_; });
  }
  std::shared_ptr<SpdyStream> Accept(std::chrono::milliseconds timeout);

  size_t Read(StreamState& st, char* buffer, size_t size);
  // Writes one DATA frame of `st` unless it or the session is closed; `fin`
  // marks our side closed.
  bool WriteData(StreamState& st, std::string_view data, bool fin);
  bool Writable(StreamState& st) {
    std::lock_guard lk(mu_);
    return !ended_ && !st.reset && !st.local_closed;
  }
  void Reset(StreamState& st);
  void Abandon(StreamState& st);
  // After every SpdySession-side thread is done with the connection.
  void WaitWriters() { std::lock_guard wl(write_mu_); }

 private:
  bool HandleFrame(const spdy::Frame& f);
  bool HandleSynStream(const spdy::Frame& f);
  bool HandleData(const spdy::Frame& f);
  void RemoteFin(uint32_t id);
  void RemoteReset(uint32_t id);
  // Writes a frame the reader produced (SYN_REPLY, PING, RST_STREAM) unless
  // the session ended; false if it did or the write failed.
  bool SendControl(const std::string& frame);
  bool SendSynReply(uint32_t id, uint8_t flags);

  void DiscardLocked(StreamState& st);
  void ForgetLocked(StreamState& st);

  http::UpgradedConnection& conn_;

  WriteLock write_mu_;
  spdy::HeaderCompressor compressor_;  // GUARDED_BY(write_mu_)

  std::mutex mu_;
  std::condition_variable accept_cv_;
  std::condition_variable space_cv_;  // the reader waits here for buffer room
  std::condition_variable done_cv_;
  bool ended_ = false;                                        // GUARDED_BY(mu_)
  std::map<uint32_t, std::shared_ptr<StreamState>> streams_;  // GUARDED_BY(mu_)
  std::deque<std::shared_ptr<SpdyStream>> accept_queue_;      // GUARDED_BY(mu_)
  uint32_t last_stream_id_ = 0;                               // GUARDED_BY(mu_)
  size_t total_buffered_ = 0;                                 // GUARDED_BY(mu_)

  // Reader thread only.
  spdy::HeaderDecompressor decompressor_;
};

}  // namespace

class SpdySessionImpl {
 public:
  std::shared_ptr<SessionCore> core;
  std::thread reader;
};

// ---- StreamImpl ----

StreamImpl::~StreamImpl() { core_->Abandon(*st_); }

size_t StreamImpl::Read(char* buffer, size_t size) { return core_->Read(*st_, buffer, size); }

bool StreamImpl::Write(std::string_view data) {
  if (data.empty()) return core_->Writable(*st_);
  for (size_t off = 0; off < data.size(); off += kMaxDataPayload) {
    if (!core_->WriteData(*st_, data.substr(off, kMaxDataPayload), false)) return false;
  }
  return true;
}

void StreamImpl::CloseWrite() { core_->WriteData(*st_, {}, true); }

void StreamImpl::Reset() { core_->Reset(*st_); }

// ---- SessionCore: the stream side ----

std::shared_ptr<SpdyStream> SessionCore::Accept(std::chrono::milliseconds timeout) {
  std::unique_lock lk(mu_);
  accept_cv_.wait_for(lk, timeout, [&] { return ended_ || !accept_queue_.empty(); });
  if (ended_ || accept_queue_.empty()) return nullptr;
  auto s = std::move(accept_queue_.front());
  accept_queue_.pop_front();
  return s;
}

size_t SessionCore::Read(StreamState& st, char* buffer, size_t size) {
  if (size == 0) return 0;
  std::unique_lock lk(mu_);
  st.readable.wait(lk, [&] { return st.buffered > 0 || st.remote_closed || st.reset || ended_; });
  if (st.reset) return 0;
  size_t n = 0;
  while (n < size && !st.chunks.empty()) {
    const std::string& c = st.chunks.front();
    size_t take = std::min(size - n, c.size() - st.head);
    std::memcpy(buffer + n, c.data() + st.head, take);
    n += take;
    st.head += take;
    if (st.head == c.size()) {
      st.chunks.pop_front();
      st.head = 0;
    }
  }
  st.buffered -= n;
  total_buffered_ -= n;
  if (n > 0) space_cv_.notify_all();
  return n;
}

bool SessionCore::WriteData(StreamState& st, std::string_view data, bool fin) {
  std::string frame = spdy::EncodeDataFrame(st.id, fin ? spdy::kFlagFin : 0, data);
  std::lock_guard wl(write_mu_);
  {
    std::lock_guard lk(mu_);
    if (ended_ || st.reset || st.local_closed) return false;
    if (fin) {
      st.local_closed = true;
      if (st.remote_closed) ForgetLocked(st);
    }
  }
  if (!conn_.Write(frame)) {
    End(false, spdy::kGoAwayOk);
    return false;
  }
  return true;
}

void SessionCore::Reset(StreamState& st) {
  bool send;
  {
    std::lock_guard lk(mu_);
    if (st.reset) return;
    st.reset = true;
    DiscardLocked(st);
    // A stream both sides finished is gone for the client too.
    send = !ended_ && st.in_map;
    ForgetLocked(st);
    st.readable.notify_all();
  }
  // A writer already past its check sends its frame first; later ones see
  // the reset, so no DATA follows the RST_STREAM.
  if (send) SendControl(spdy::EncodeRstStream(st.id, spdy::kCancel));
}

void SessionCore::Abandon(StreamState& st) {
  std::lock_guard lk(mu_);
  st.abandoned = true;
  DiscardLocked(st);
}

void SessionCore::DiscardLocked(StreamState& st) {
  total_buffered_ -= st.buffered;
  st.buffered = 0;
  st.chunks.clear();
  st.head = 0;
  space_cv_.notify_all();
}

void SessionCore::ForgetLocked(StreamState& st) {
  if (!st.in_map) return;
  streams_.erase(st.id);
  st.in_map = false;
}

// ---- SessionCore: the connection side ----

void SessionCore::End(bool goaway, uint32_t status) {
  std::deque<std::shared_ptr<SpdyStream>> unaccepted;  // destroyed after mu_ is released
  uint32_t last;
  {
    std::lock_guard lk(mu_);
    if (ended_) return;
    ended_ = true;
    last = last_stream_id_;
    for (auto& [id, st] : streams_) {
      st->in_map = false;
      st->readable.notify_all();
    }
    streams_.clear();
    unaccepted.swap(accept_queue_);
    accept_cv_.notify_all();
    space_cv_.notify_all();
    done_cv_.notify_all();
  }
  // Writers that come later see ended_; one in the middle of a frame gets a
  // little time to finish it, so that the GOAWAY lands whole.
  if (goaway && write_mu_.try_lock_for(kGoAwayWait)) {
    conn_.Write(spdy::EncodeGoAway(last, status));
    write_mu_.unlock();
  }
  conn_.Close();
}

bool SessionCore::SendControl(const std::string& frame) {
  std::lock_guard wl(write_mu_);
  if (Ended()) return false;
  if (!conn_.Write(frame)) {
    End(false, spdy::kGoAwayOk);
    return false;
  }
  return true;
}

bool SessionCore::SendSynReply(uint32_t id, uint8_t flags) {
  std::lock_guard wl(write_mu_);
  if (Ended()) return false;
  // The compression context advances only with what is actually sent.
  std::string block;
  if (!compressor_.CompressHeaders({}, block) ||
      !conn_.Write(spdy::EncodeSynReply(id, flags, block))) {
    End(false, spdy::kGoAwayOk);
    return false;
  }
  return true;
}

void SessionCore::ReadLoop() {
  spdy::FrameReader reader;
  std::vector<char> buf(kReadChunk);
  for (;;) {
    spdy::Frame frame;
    std::string error;
    for (;;) {
      auto status = reader.Next(frame, error);
      if (status == spdy::FrameReader::Status::kNeedMore) break;
      if (status == spdy::FrameReader::Status::kError || !HandleFrame(frame)) {
        End(true, spdy::kGoAwayProtocolError);
        return;
      }
      if (Ended()) return;
    }
    size_t n = conn_.Read(buf.data(), buf.size());
    if (n == 0) {
      End(false, spdy::kGoAwayOk);
      return;
    }
    reader.Append({buf.data(), n});
  }
}

// False on a protocol error that ends the session.
bool SessionCore::HandleFrame(const spdy::Frame& f) {
  if (!f.control) return HandleData(f);
  if (f.version != spdy::kVersion) return false;
  switch (f.type) {
    case spdy::kSynStream:
      return HandleSynStream(f);
    case spdy::kSynReply:
    case spdy::kHeaders: {
      // Nothing to do with these from a client, but the shared compression
      // context has to see every block.
      auto h = spdy::ParseSynReplyOrHeaders(f.payload);
      http::Headers headers;
      if (!h || h->stream_id == 0 || !decompressor_.DecompressHeaders(h->header_block, headers)) {
        return false;
      }
      if (f.type == spdy::kHeaders && (f.flags & spdy::kFlagFin)) RemoteFin(h->stream_id);
      return true;
    }
    case spdy::kRstStream: {
      auto r = spdy::ParseRstStream(f.payload);
      if (!r || r->stream_id == 0) return false;
      RemoteReset(r->stream_id);
      return true;
    }
    case spdy::kSettings:
      return spdy::ParseSettings(f.payload).has_value();
    case spdy::kPing: {
      auto id = spdy::ParsePing(f.payload);
      if (!id) return false;
      // Odd ids are the client's; an even one would answer a ping of ours,
      // and we send none.
      if (*id & 1) SendControl(spdy::EncodePing(*id));
      return true;
    }
    case spdy::kGoAway:
      if (!spdy::ParseGoAway(f.payload)) return false;
      End(false, spdy::kGoAwayOk);
      return true;
    case spdy::kWindowUpdate:
      return spdy::ParseWindowUpdate(f.payload).has_value();
    default:
      return true;  // unknown control frames are ignored (draft 3, 2.2.1)
  }
}

bool SessionCore::HandleSynStream(const spdy::Frame& f) {
  auto s = spdy::ParseSynStream(f.payload);
  if (!s) return false;
  http::Headers headers;
  if (!decompressor_.DecompressHeaders(s->header_block, headers)) return false;
  if (s->stream_id == 0) return false;
  uint32_t refuse = 0;
  {
    std::lock_guard lk(mu_);
    if (ended_) return true;
    if ((s->stream_id & 1) == 0 || s->stream_id <= last_stream_id_) {
      refuse = spdy::kProtocolError;
    } else {
      last_stream_id_ = s->stream_id;
      if (streams_.size() >= kMaxStreams) refuse = spdy::kRefusedStream;
    }
  }
  if (refuse != 0) {
    SendControl(spdy::EncodeRstStream(s->stream_id, refuse));
    return true;
  }
  auto st = std::make_shared<StreamState>(s->stream_id, std::move(headers));
  st->remote_closed = (f.flags & spdy::kFlagFin) != 0;
  st->local_closed = (f.flags & spdy::kFlagUnidirectional) != 0;
  // The reply goes out before anyone can write to the stream: the client
  // drops DATA that arrives before its SYN_REPLY.
  if (!SendSynReply(st->id, st->local_closed ? spdy::kFlagFin : 0)) return true;
  // Declared before the lock, so that dropping it (its destructor takes
  // mu_) happens after the lock is released.
  auto handle = std::make_shared<StreamImpl>(shared_from_this(), st);
  std::lock_guard lk(mu_);
  if (ended_) return true;
  if (!(st->remote_closed && st->local_closed)) {
    streams_.emplace(st->id, st);
    st->in_map = true;
  }
  accept_queue_.push_back(std::move(handle));
  accept_cv_.notify_one();
  return true;
}

bool SessionCore::HandleData(const spdy::Frame& f) {
  if (f.stream_id == 0) return false;
  std::unique_lock lk(mu_);
  auto it = streams_.find(f.stream_id);
  // Frames for streams that are closed, reset or were never opened are
  // dropped: after a reset some are still on their way.
  if (it == streams_.end()) return true;
  std::shared_ptr<StreamState> st = it->second;
  if (st->remote_closed) return true;
  size_t n = f.payload.size();
  if (n > 0 && !st->abandoned) {
    space_cv_.wait(lk, [&] {
      return ended_ || st->reset || st->abandoned ||
             ((st->buffered == 0 || st->buffered + n <= kMaxStreamBuffer) &&
              (total_buffered_ == 0 || total_buffered_ + n <= kMaxSessionBuffer));
    });
    if (ended_ || st->reset) return true;
    if (!st->abandoned) {
      st->chunks.emplace_back(f.payload);
      st->buffered += n;
      total_buffered_ += n;
      st->readable.notify_all();
    }
  }
  if (f.flags & spdy::kFlagFin) {
    st->remote_closed = true;
    if (st->local_closed) ForgetLocked(*st);
    st->readable.notify_all();
  }
  return true;
}

void SessionCore::RemoteFin(uint32_t id) {
  std::lock_guard lk(mu_);
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  std::shared_ptr<StreamState> st = it->second;
  st->remote_closed = true;
  if (st->local_closed) ForgetLocked(*st);
  st->readable.notify_all();
}

void SessionCore::RemoteReset(uint32_t id) {
  std::lock_guard lk(mu_);
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  std::shared_ptr<StreamState> st = it->second;
  st->reset = true;
  DiscardLocked(*st);
  ForgetLocked(*st);
  st->readable.notify_all();
}

// ---- SpdySession ----

SpdySession::SpdySession(http::UpgradedConnection& conn)
    : impl_(std::make_unique<SpdySessionImpl>()) {
  impl_->core = std::make_shared<SessionCore>(conn);
  impl_->reader = std::thread([core = impl_->core.get()] { core->ReadLoop(); });
}

SpdySession::~SpdySession() {
  Close();
  if (impl_->reader.joinable()) impl_->reader.join();
  impl_->core->WaitWriters();
}

std::shared_ptr<SpdyStream> SpdySession::AcceptStream(std::chrono::milliseconds timeout) {
  return impl_->core->Accept(timeout);
}

bool SpdySession::Done() const { return impl_->core->Ended(); }

void SpdySession::Wait() { impl_->core->WaitEnded(); }

void SpdySession::Close() { impl_->core->End(true, spdy::kGoAwayOk); }

}  // namespace k1s::streaming
