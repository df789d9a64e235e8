#include "pkg/encryption/encrypting_store.h"

#include <mutex>

#include "pkg/util/quote.h"

namespace k1s::encryption {

namespace {

Status TransformError(std::string_view key, const Status& why) {
  return Status::Internal("unable to transform key " + DoubleQuote(key) + ": " + why.message());
}

Status DecryptWith(const Transformer& t, std::string_view prefix, store::KeyValue& kv) {
  if (!std::string_view(kv.key).starts_with(prefix) || kv.value.empty()) return Status::Ok();
  auto plain = t.FromStorage(kv.value, kv.key);
  if (!plain.ok()) return TransformError(kv.key, plain.status());
  kv.value = std::move(plain).value();
  return Status::Ok();
}

}  // namespace

// Decrypts each event as the consumer takes it. A value that does not
// decrypt fails the watcher with Gone after the events before it are
// delivered (see the header).
class DecryptingWatcher final : public store::Watcher {
 public:
  DecryptingWatcher(std::unique_ptr<store::Watcher> inner, std::string prefix,
                    std::function<std::shared_ptr<const Transformer>()> current)
      : inner_(std::move(inner)), prefix_(std::move(prefix)), current_(std::move(current)) {}

  Result<std::vector<store::Event>> Next(std::chrono::milliseconds timeout) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!failure_.ok()) return failure_;
    }
    K1S_ASSIGN_OR_RETURN(std::vector<store::Event> events, inner_->Next(timeout));
    if (events.empty()) return events;
    const std::shared_ptr<const Transformer> t = current_();
    for (size_t i = 0; i < events.size(); ++i) {
      store::Event& e = events[i];
      Status s = e.type == store::EventType::kDelete ? Status::Ok() : DecryptWith(*t, prefix_, e.kv);
      if (s.ok() && e.prev) s = DecryptWith(*t, prefix_, *e.prev);
      if (s.ok()) continue;
      const Status gone = Status::Gone(s.message());
      {
        std::lock_guard<std::mutex> lock(mu_);
        failure_ = gone;
      }
      if (i == 0) return gone;
      events.resize(i);
      return events;
    }
    return events;
  }

  void Notify(std::function<void()> wake) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!failure_.ok()) {
        // Next would return the failure at once.
        if (wake) wake();
        return;
      }
    }
    inner_->Notify(std::move(wake));
  }

  void Close() override { inner_->Close(); }

 private:
  std::unique_ptr<store::Watcher> inner_;
  const std::string prefix_;
  const std::function<std::shared_ptr<const Transformer>()> current_;
  std::mutex mu_;
  Status failure_;
};

EncryptingStore::EncryptingStore(std::unique_ptr<store::Store> inner, std::string prefix,
                                 std::shared_ptr<const Transformer> transformer)
    : inner_(std::move(inner)), prefix_(std::move(prefix)), current_(std::make_shared<Current>()) {
  current_->transformer = std::move(transformer);
}

EncryptingStore::~EncryptingStore() = default;

void EncryptingStore::SetTransformer(std::shared_ptr<const Transformer> transformer) {
  std::unique_lock lock(current_->mu);
  current_->transformer = std::move(transformer);
}

std::shared_ptr<const Transformer> EncryptingStore::transformer() const {
  std::shared_lock lock(current_->mu);
  return current_->transformer;
}

Status EncryptingStore::Decrypt(store::KeyValue& kv) const {
  if (!Covers(kv.key)) return Status::Ok();
  return DecryptWith(*transformer(), prefix_, kv);
}

Result<store::KeyValue> EncryptingStore::Get(std::string_view key, int64_t revision) {
  K1S_ASSIGN_OR_RETURN(store::KeyValue kv, inner_->Get(key, revision));
  K1S_RETURN_IF_ERROR(Decrypt(kv));
  return kv;
}

Result<store::ListResult> EncryptingStore::List(std::string_view prefix,
                                                const store::ListOptions& options) {
  K1S_ASSIGN_OR_RETURN(store::ListResult result, inner_->List(prefix, options));
  // Key by key: a prefix such as "/registry/" spans secrets and the rest.
  if (prefix_.starts_with(prefix) || prefix.starts_with(prefix_)) {
    const std::shared_ptr<const Transformer> t = transformer();
    for (store::KeyValue& kv : result.items) K1S_RETURN_IF_ERROR(DecryptWith(*t, prefix_, kv));
  }
  return result;
}

template <typename Write>
Result<store::KeyValue> EncryptingStore::EncryptedWrite(std::string_view key, std::string value,
                                                        Write write) {
  // Held until the inner store has committed, so that SetTransformer cannot
  // return while a value encrypted with the old transformer is in flight.
  std::shared_lock lock(current_->mu);
  K1S_ASSIGN_OR_RETURN(std::string stored, current_->transformer->ToStorage(value, key));
  auto written = write(std::move(stored));
  if (!written.ok()) return written.status();
  written->value = std::move(value);
  return written;
}

Result<store::KeyValue> EncryptingStore::Create(std::string_view key, std::string value) {
  if (!Covers(key)) return inner_->Create(key, std::move(value));
  return EncryptedWrite(key, std::move(value),
                        [&](std::string stored) { return inner_->Create(key, std::move(stored)); });
}

Result<store::KeyValue> EncryptingStore::Update(std::string_view key, std::string value,
                                                int64_t expected_mod_revision) {
  if (!Covers(key)) return inner_->Update(key, std::move(value), expected_mod_revision);
  return EncryptedWrite(key, std::move(value), [&](std::string stored) {
    return inner_->Update(key, std::move(stored), expected_mod_revision);
  });
}

Result<store::KeyValue> EncryptingStore::Delete(std::string_view key, int64_t expected_mod_revision) {
  K1S_ASSIGN_OR_RETURN(store::KeyValue prev, inner_->Delete(key, expected_mod_revision));
  // The delete is done whatever happens here; only the returned copy of the
  // old state can be wrong, and then the caller is told so.
  K1S_RETURN_IF_ERROR(Decrypt(prev));
  return prev;
}

Result<std::unique_ptr<store::Watcher>> EncryptingStore::Watch(std::string_view prefix,
                                                               int64_t after_revision) {
  K1S_ASSIGN_OR_RETURN(std::unique_ptr<store::Watcher> inner, inner_->Watch(prefix, after_revision));
  if (!prefix_.starts_with(prefix) && !prefix.starts_with(prefix_)) return inner;
  std::shared_ptr<Current> current = current_;
  auto snapshot = [current]() {
    std::shared_lock lock(current->mu);
    return current->transformer;
  };
  return std::unique_ptr<store::Watcher>(
      std::make_unique<DecryptingWatcher>(std::move(inner), prefix_, std::move(snapshot)));
}

}  // namespace k1s::encryption
