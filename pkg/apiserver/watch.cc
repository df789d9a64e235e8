#include "pkg/apiserver/watch.h"

#include <charconv>

#include "pkg/apiserver/api_status.h"
#include "pkg/apiserver/rest.h"
#include "pkg/apiserver/table.h"
#include "pkg/apiserver/watch_event_cache.h"

namespace k1s::apiserver {

StreamTicker::StreamTicker(std::chrono::milliseconds period)
    : period_(period), thread_([this] { Run(); }) {}

StreamTicker::~StreamTicker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void StreamTicker::Add(std::function<bool()> tick) {
  std::lock_guard<std::mutex> lock(mu_);
  ticks_.push_back(std::move(tick));
}

void StreamTicker::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!cv_.wait_for(lock, period_, [&] { return stopping_; })) {
    std::vector<std::function<bool()>> ticks = std::move(ticks_);
    ticks_.clear();
    lock.unlock();
    std::vector<std::function<bool()>> keep;
    for (auto& tick : ticks) {
      if (tick()) keep.push_back(std::move(tick));
    }
    lock.lock();
    for (auto& tick : keep) ticks_.push_back(std::move(tick));
  }
}

namespace {

using SteadyClock = std::chrono::steady_clock;

struct WatchConfig {
  std::shared_ptr<const api::Resource> resource;
  std::function<bool(const Json&)> filter;
  // Decides objects from their stored text where it can, before `filter`
  // needs them decoded (ListQuery::prefilter).
  Prefilter prefilter;
  std::shared_ptr<WatchEventCache> cache;  // shared by all watches of the server
  bool table = false;
  IncludeObject include = IncludeObject::kMetadata;
  bool bookmarks = false;
  SteadyClock::time_point deadline;
};

// The state of one watch, shared by the HTTP stream and the wake-ups that
// the store and the ticker deliver from their threads.
class WatchState : public std::enable_shared_from_this<WatchState> {
 public:
  WatchState(WatchConfig config, const Clock& clock, std::unique_ptr<store::Watcher> watcher,
             std::string initial, int64_t revision)
      : config_(std::move(config)),
        clock_(clock),
        watcher_(std::move(watcher)),
        pending_(std::move(initial)),
        last_revision_(revision),
        last_bookmark_(SteadyClock::now()) {}

  http::ResponseStream::Chunk Read() {
    std::lock_guard<std::mutex> lock(mu_);
    http::ResponseStream::Chunk chunk;
    if (done_) {
      chunk.done = true;
      return chunk;
    }
    chunk.data = std::move(pending_);
    pending_.clear();
    if (watcher_ == nullptr) {  // a stream that only reports an error
      done_ = chunk.done = true;
      return chunk;
    }
    auto events = watcher_->Next(std::chrono::milliseconds(0));
    if (!events.ok()) {
      if (events.status().IsGone()) {
        Json status = StatusObject(Status::Gone("too old resource version: " +
                                                events.status().message()));
        chunk.data += Json{{"type", "ERROR"}, {"object", status}}.dump() + "\n";
      }
      done_ = true;
    } else {
      for (const store::Event& e : *events) AppendEvent(e, chunk.data);
    }
    const auto now = SteadyClock::now();
    if (config_.bookmarks && chunk.data.empty() && now - last_bookmark_ > std::chrono::seconds(60)) {
      Json object = {{"kind", config_.resource->kind},
                     {"apiVersion", config_.resource->api_version()},
                     {"metadata", {{"resourceVersion", std::to_string(last_revision_)}}}};
      chunk.data += Json{{"type", "BOOKMARK"}, {"object", object}}.dump() + "\n";
      last_bookmark_ = now;
    }
    if (now >= config_.deadline) done_ = true;
    chunk.done = done_;
    return chunk;
  }

  void Subscribe(std::function<void()> wake) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (cancelled_) return;
      wake_ = std::move(wake);
      if (!pending_.empty() || done_ || watcher_ == nullptr) {
        Fire(lock);
        return;
      }
    }
    std::weak_ptr<WatchState> weak = weak_from_this();
    watcher_->Notify([weak] {
      if (auto self = weak.lock()) self->Fire();
    });
  }

  // Calls the pending wake-up, if the server is waiting for one.
  void Fire() {
    std::unique_lock<std::mutex> lock(mu_);
    Fire(lock);
  }

  // For the ticker: false once the watch is over.
  bool Tick() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (cancelled_ || done_) return false;
    }
    Fire();
    return true;
  }

  void Cancel() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      cancelled_ = true;
      done_ = true;
      wake_ = nullptr;
    }
    if (watcher_ != nullptr) watcher_->Close();
  }

 private:
  void Fire(std::unique_lock<std::mutex>& lock) {
    std::function<void()> wake = std::move(wake_);
    wake_ = nullptr;
    lock.unlock();
    if (wake) wake();
  }

  void AppendEvent(const store::Event& e, std::string& out) {
    last_revision_ = e.kv.mod_revision;
    // Encoded once for every watch of this event; decoded only for a filter.
    std::shared_ptr<const WatchEventCache::Entry> entry = config_.cache->Get(e);
    auto matches = [&](const LazyObject& o) {
      if (!o.present()) return false;
      if (!config_.filter) return true;
      if (config_.prefilter) {
        const Prefiltered said = config_.prefilter(o.text());
        if (said != Prefiltered::kUndecided) return said == Prefiltered::kAccepted;
      }
      const Json* decoded = o.Get();
      return decoded != nullptr && config_.filter(*decoded);
    };
    const char* type = nullptr;
    if (e.type == store::EventType::kDelete) {
      if (!matches(entry->prev)) return;
      type = "DELETED";
    } else {
      const bool was = e.type == store::EventType::kUpdate && matches(entry->prev);
      const bool is = matches(entry->object);
      if (!was && !is) return;
      type = was && is ? "MODIFIED" : (is ? "ADDED" : "DELETED");
    }
    if (entry->encoded.empty()) return;
    if (config_.table) {
      // Tables are rarer: their rows are built per watch (columns differ by includeObject).
      Json shown = Json::parse(entry->encoded, nullptr, /*allow_exceptions=*/false);
      if (shown.is_discarded()) return;
      out += Json{{"type", type}, {"object", TableEvent(shown)}}.dump(-1, ' ', false,
                                                                       Json::error_handler_t::replace);
    } else {
      out += R"({"type":")";
      out += type;
      out += R"(","object":)";
      out += entry->encoded;
      out += "}";
    }
    out += "\n";
  }

  Json TableEvent(const Json& object) {
    Json table = BuildTable(*config_.resource, {object}, config_.include, clock_.Now());
    table["metadata"] = {{"resourceVersion", object["metadata"].value("resourceVersion", "")}};
    return table;
  }

  const WatchConfig config_;
  const Clock& clock_;
  std::unique_ptr<store::Watcher> watcher_;
  std::mutex mu_;
  std::string pending_;            // guarded by mu_: initial events not yet sent
  std::function<void()> wake_;     // guarded by mu_
  bool done_ = false;              // guarded by mu_
  bool cancelled_ = false;         // guarded by mu_
  int64_t last_revision_;          // guarded by mu_
  SteadyClock::time_point last_bookmark_;  // guarded by mu_
};

class WatchStream final : public http::ResponseStream {
 public:
  explicit WatchStream(std::shared_ptr<WatchState> state) : state_(std::move(state)) {}
  ~WatchStream() override { state_->Cancel(); }
  Chunk Read() override { return state_->Read(); }
  void Subscribe(std::function<void()> wake) override { state_->Subscribe(std::move(wake)); }
  void Cancel() override { state_->Cancel(); }

 private:
  std::shared_ptr<WatchState> state_;
};

}  // namespace

Result<http::Reply> RestWatch(RestContext& ctx) {
  WatchConfig config;
  config.resource = ctx.registry.Find(ctx.resource.group, ctx.resource.version, ctx.resource.plural);
  if (config.resource == nullptr) return Status::NotFound("the server could not find the requested resource");
  K1S_ASSIGN_OR_RETURN(Selectors selectors, ParseSelectors(ctx.resource, ctx.request));
  config.filter = std::move(selectors.filter);
  config.prefilter = std::move(selectors.prefilter);
  config.cache = ctx.watch_cache != nullptr ? ctx.watch_cache : std::make_shared<WatchEventCache>(16);
  config.table = WantsTable(ctx.request.Header("Accept"));
  config.include = ParseIncludeObject(ctx.request.Query("includeObject").value_or(""));
  config.bookmarks = ctx.request.Query("allowWatchBookmarks").value_or("") == "true";
  // kube-apiserver ends watches after a random 30-60 minutes unless asked.
  int64_t timeout = 1800;
  if (auto t = ctx.request.Query("timeoutSeconds"); t && !t->empty()) {
    auto [end, ec] = std::from_chars(t->data(), t->data() + t->size(), timeout);
    if (ec != std::errc() || end != t->data() + t->size() || timeout < 0) {
      return Status::BadRequest("invalid timeoutSeconds \"" + *t + "\"");
    }
  }
  config.deadline = SteadyClock::now() + std::chrono::seconds(timeout);

  std::string namespace_name = ctx.info.namespace_name;
  if (!ctx.info.name.empty()) {
    // A watch of one object: /namespaces/x/pods/name?watch=1 (legacy form).
    auto base = config.filter;
    std::string name = ctx.info.name;
    config.filter = [base, name](const Json& o) {
      return o["metadata"].value("name", "") == name && (!base || base(o));
    };
  }
  const std::string rv_text = ctx.request.Query("resourceVersion").value_or("");
  std::string initial;
  int64_t after = 0;
  if (rv_text.empty() || rv_text == "0") {
    // No version: the current state first, as ADDED events.
    ListQuery query;
    query.namespace_name = namespace_name;
    query.filter = config.filter;
    query.prefilter = config.prefilter;
    auto add_rows = [&](Json&& object) {
      Json row = BuildTable(ctx.resource, {object}, config.include, ctx.clock.Now());
      initial += Json{{"type", "ADDED"}, {"object", std::move(row)}}.dump(
                     -1, ' ', false, Json::error_handler_t::replace) + "\n";
    };
    auto add_objects = [&](std::string_view object) {
      initial += R"({"type":"ADDED","object":)";
      initial += object;
      initial += "}\n";
    };
    Result<ListPage> page = config.table ? ctx.objects.List(ctx.resource, query, add_rows)
                                         : ctx.objects.ListEncoded(ctx.resource, query, add_objects);
    if (!page.ok()) return page.status();
    after = page->revision;
  } else {
    auto [end, ec] = std::from_chars(rv_text.data(), rv_text.data() + rv_text.size(), after);
    if (ec != std::errc() || end != rv_text.data() + rv_text.size() || after < 0) {
      return Status::BadRequest("invalid resourceVersion \"" + rv_text + "\"");
    }
  }
  auto watcher = ctx.objects.Watch(ctx.resource, namespace_name, after);
  if (!watcher.ok()) {
    if (!watcher.status().IsGone()) return watcher.status();
    // Too old: an open stream that carries one ERROR event, as kube-apiserver does.
    Json status = StatusObject(Status::Gone("too old resource version: " + rv_text));
    initial += Json{{"type", "ERROR"}, {"object", status}}.dump() + "\n";
    auto state = std::make_shared<WatchState>(std::move(config), ctx.clock, nullptr, std::move(initial), after);
    return http::Reply(http::Response::Json(200, ""), std::make_unique<WatchStream>(std::move(state)));
  }
  auto state = std::make_shared<WatchState>(std::move(config), ctx.clock, std::move(*watcher),
                                            std::move(initial), after);
  std::weak_ptr<WatchState> weak = state;
  ctx.ticker.Add([weak] {
    auto s = weak.lock();
    return s != nullptr && s->Tick();
  });
  http::Response head = http::Response::Json(200, "");
  return http::Reply(std::move(head), std::make_unique<WatchStream>(std::move(state)));
}

}  // namespace k1s::apiserver
