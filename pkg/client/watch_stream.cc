#include "pkg/client/watch_stream.h"

#include <condition_variable>
#include <deque>
#include <mutex>

#include "pkg/util/json_parse.h"
#include "pkg/util/json_scan.h"

namespace k1s::client {

namespace {

// What the stream's wake callback may touch; shared so a late wake after the
// stream is gone stays harmless.
struct WakeState {
  std::mutex mu;
  std::condition_variable cv;
  bool woken = false;    // guarded by mu
  bool stopped = false;  // guarded by mu
};

std::optional<WatchEvent::Type> EventType(const std::string& type) {
  if (type == "ADDED") return WatchEvent::Type::kAdded;
  if (type == "MODIFIED") return WatchEvent::Type::kModified;
  if (type == "DELETED") return WatchEvent::Type::kDeleted;
  if (type == "BOOKMARK") return WatchEvent::Type::kBookmark;
  if (type == "ERROR") return WatchEvent::Type::kError;
  return std::nullopt;
}

class ReplyWatchStream final : public WatchStream {
 public:
  ReplyWatchStream(std::unique_ptr<http::ResponseStream> stream, bool drop_managed_fields, bool keep_object_text)
      : stream_(std::move(stream)),
        wake_(std::make_shared<WakeState>()),
        drop_managed_fields_(drop_managed_fields),
        keep_object_text_(keep_object_text) {}
  ~ReplyWatchStream() override { Close(); }

  std::optional<WatchEvent> Next(std::chrono::milliseconds timeout) override {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      if (!events_.empty()) {
        WatchEvent e = std::move(events_.front());
        events_.pop_front();
        return e;
      }
      if (ended()) return std::nullopt;
      {
        std::lock_guard<std::mutex> lock(wake_->mu);
        if (wake_->stopped) {
          Close();
          return std::nullopt;
        }
        wake_->woken = false;
      }
      http::ResponseStream::Chunk chunk = stream_->Read();
      if (!chunk.data.empty()) Parse(chunk.data);
      if (chunk.done) {
        Close();
        continue;
      }
      if (!chunk.data.empty()) continue;
      std::shared_ptr<WakeState> state = wake_;
      stream_->Subscribe([state] {
        std::lock_guard<std::mutex> lock(state->mu);
        state->woken = true;
        state->cv.notify_all();
      });
      std::unique_lock<std::mutex> lock(wake_->mu);
      if (!wake_->cv.wait_until(lock, deadline, [&] { return wake_->woken || wake_->stopped; })) {
        return std::nullopt;
      }
    }
  }

  bool ended() const override { return closed_; }

  void Stop() override {
    std::lock_guard<std::mutex> lock(wake_->mu);
    wake_->stopped = true;
    wake_->cv.notify_all();
  }

 private:
  void Close() {
    if (closed_) return;
    closed_ = true;
    stream_->Cancel();
  }

  void Parse(const std::string& data) {
    buffer_ += data;
    size_t start = 0;
    for (size_t nl; (nl = buffer_.find('\n', start)) != std::string::npos; start = nl + 1) {
      if (nl == start) continue;
      std::string_view text(buffer_.data() + start, nl - start);
      if (auto event = ShapedEvent(text)) {
        events_.push_back(std::move(*event));
        continue;
      }
      std::optional<std::string> cut;
      if (drop_managed_fields_) {
        // Cut here, so that the text kept is the text parsed.
        cut = RemoveJsonMember(text, {"object", "metadata", "managedFields"});
        if (cut) text = *cut;
      }
      // Text of another shape: ParseJsonWithout erases them from the value.
      Json line = drop_managed_fields_ && !cut ? ParseJsonWithout(text, {"object", "metadata", "managedFields"})
                                              : ParseJson(text);
      if (!line.is_object()) continue;
      auto type = EventType(line.value("type", ""));
      auto object = line.find("object");
      if (!type || object == line.end()) continue;
      WatchEvent event{*type, std::move(*object), {}};
      // Without a cut, the text may still hold what the parsed value lost.
      if (keep_object_text_ && (cut || !drop_managed_fields_)) {
        if (auto member = JsonMemberText(text, "object")) event.object_text = *member;
      }
      events_.push_back(std::move(event));
    }
    buffer_.erase(0, start);
  }

  // A line as k1s's server writes it, {"type":"T","object":{...}}: the
  // object is a slice of the line, cut out and parsed alone, with no scan to
  // find it and no copy to keep its text. nullopt for any other shape (a
  // member after the object, escapes, no managedFields to cut), which the
  // general path reads.
  std::optional<WatchEvent> ShapedEvent(std::string_view line) const {
    constexpr std::string_view kType = R"({"type":")";
    constexpr std::string_view kObject = R"(","object":)";
    if (!line.starts_with(kType) || !line.ends_with('}')) return std::nullopt;
    const size_t type_end = line.find('"', kType.size());
    if (type_end == std::string_view::npos || line.substr(type_end, kObject.size()) != kObject) return std::nullopt;
    auto type = EventType(std::string(line.substr(kType.size(), type_end - kType.size())));
    if (!type) return std::nullopt;
    const size_t object_start = type_end + kObject.size();
    std::string_view object = line.substr(object_start, line.size() - 1 - object_start);
    std::string text;
    if (drop_managed_fields_) {
      std::optional<std::string> cut = RemoveJsonMember(object, {"metadata", "managedFields"});
      if (!cut) return std::nullopt;
      text = std::move(*cut);
    } else {
      text = object;
    }
    WatchEvent event{*type, ParseJson(text), {}};
    if (!event.object.is_object()) return std::nullopt;  // "object" was not all that followed
    if (keep_object_text_) event.object_text = std::move(text);
    return event;
  }

  std::unique_ptr<http::ResponseStream> stream_;
  std::shared_ptr<WakeState> wake_;
  std::string buffer_;  // an incomplete last line
  std::deque<WatchEvent> events_;
  const bool drop_managed_fields_;
  const bool keep_object_text_;
  bool closed_ = false;
};

}  // namespace

std::unique_ptr<WatchStream> MakeWatchStream(http::Reply reply, bool drop_managed_fields, bool keep_object_text) {
  return std::make_unique<ReplyWatchStream>(std::move(reply.stream), drop_managed_fields, keep_object_text);
}

}  // namespace k1s::client
