// EncryptingStore: a store::Store that encrypts the values of some keys on
// their way in and decrypts them on their way out, over another Store.
//
// This is where secrets encryption hooks in, as kube-apiserver's value
// transformers sit in its etcd storage layer: the API server, its watch
// streams and every component that reads the store directly all see
// plaintext, and nothing can reach the database around it. Every path that
// returns stored bytes goes through FromStorage: Get (at any revision), List
// (every page), the state Create/Update return, the previous state Delete
// returns, and both the new and the previous state of each watch event
// (history replayed after a restart included). Keys outside `prefix` pass
// through untouched; compaction, revisions and counts are the inner store's.
//
// The store key is each value's additional authenticated data.
//
// A value that does not decrypt is an Internal error for Get and List
// ("unable to transform key ..."), and ends a watch with Gone, which makes
// clients list again from a revision that does decrypt instead of retrying
// the same history.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>

#include "pkg/encryption/transformer.h"
#include "pkg/store/store.h"

namespace k1s::encryption {

class EncryptingStore final : public store::Store {
 public:
  EncryptingStore(std::unique_ptr<store::Store> inner, std::string prefix,
                  std::shared_ptr<const Transformer> transformer);
  ~EncryptingStore() override;

  // Replaces the transformer. Returns once every write that encrypted with
  // the old one has been committed: from then on, each secret written is
  // encrypted under the new one (what key rotation relies on).
  void SetTransformer(std::shared_ptr<const Transformer> transformer);
  std::shared_ptr<const Transformer> transformer() const;
  // The store underneath, which holds and returns the values as stored.
  store::Store& inner() { return *inner_; }
  const std::string& prefix() const { return prefix_; }

  Result<store::KeyValue> Get(std::string_view key, int64_t revision = 0) override;
  Result<store::ListResult> List(std::string_view prefix, const store::ListOptions& options = {}) override;
  Result<int64_t> Count(std::string_view prefix) override { return inner_->Count(prefix); }
  Result<store::KeyValue> Create(std::string_view key, std::string value) override;
  Result<store::KeyValue> Update(std::string_view key, std::string value,
                                 int64_t expected_mod_revision) override;
  Result<store::KeyValue> Delete(std::string_view key, int64_t expected_mod_revision) override;
  Result<std::unique_ptr<store::Watcher>> Watch(std::string_view prefix,
                                                int64_t after_revision) override;
  Status Compact(int64_t revision) override { return inner_->Compact(revision); }
  int64_t CurrentRevision() override { return inner_->CurrentRevision(); }
  int64_t CompactedRevision() override { return inner_->CompactedRevision(); }
  int64_t CollectionRevision(std::string_view collection) override { return inner_->CollectionRevision(collection); }
  Result<store::Stats> GetStats() override { return inner_->GetStats(); }
  void Close() override { inner_->Close(); }

  // Decrypts `kv.value` in place when its key is under the prefix.
  Status Decrypt(store::KeyValue& kv) const;

 private:
  bool Covers(std::string_view key) const { return key.starts_with(prefix_); }
  // Encrypts, writes with `write`, and hands back the plaintext state, all
  // under the shared side of `current_->mu`.
  template <typename Write>
  Result<store::KeyValue> EncryptedWrite(std::string_view key, std::string value, Write write);

  std::unique_ptr<store::Store> inner_;
  const std::string prefix_;
  // The current transformer. Writers of covered keys hold `mu` shared from
  // encryption to commit; SetTransformer takes it exclusively to swap. Shared
  // with the watchers, which may outlive this object by a little.
  struct Current {
    mutable std::shared_mutex mu;
    std::shared_ptr<const Transformer> transformer;
  };
  std::shared_ptr<Current> current_;
};

}  // namespace k1s::encryption
