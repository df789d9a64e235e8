// Read latency phases: point gets and prefix lists.
#include <cstdio>
#include <random>

#include "bench/store/measure.h"
#include "bench/store/phases.h"

namespace k1s::bench {

Status RunGetPhase(store::Store& store, const std::vector<std::string>& keys,
                   const BenchConfig& config) {
  if (keys.empty()) return Status::Invalid("get phase: no keys to read");
  std::mt19937_64 rng(config.seed);
  std::uniform_int_distribution<size_t> pick(0, keys.size() - 1);
  std::vector<double> micros;
  micros.reserve(static_cast<size_t>(config.get_samples));
  for (int i = 0; i < config.get_samples; ++i) {
    const std::string& key = keys[pick(rng)];
    const auto t0 = SteadyClock::now();
    Result<store::KeyValue> kv = store.Get(key);
    micros.push_back(MicrosBetween(t0, SteadyClock::now()));
    if (!kv.ok()) return kv.status();
  }
  Percentiles p = Summarize(std::move(micros));
  std::printf("%-32s p50 %9.1f us   p99 %9.1f us  (%zu gets over %zu keys)\n",
              "get random existing key:", p.p50, p.p99, p.samples, keys.size());
  return Status::Ok();
}

Status RunListPhase(store::Store& store, const BenchConfig& config) {
  const std::string prefix = "/bench/list/";
  constexpr int kThreads = 32;
  K1S_RETURN_IF_ERROR(RunThreads(kThreads, [&](int t) -> Status {
    for (int i = t; i < config.list_keys; i += kThreads) {
      char name[16];
      std::snprintf(name, sizeof name, "%08d", i);
      Result<store::KeyValue> kv = store.Create(prefix + name, std::string(400, 'l'));
      if (!kv.ok()) return kv.status();
    }
    return Status::Ok();
  }));

  std::vector<double> whole_ms;
  std::vector<double> page_ms;
  std::vector<double> paged_total_ms;
  for (int i = 0; i < config.list_iterations; ++i) {
    auto t0 = SteadyClock::now();
    K1S_ASSIGN_OR_RETURN(store::ListResult all, store.List(prefix));
    whole_ms.push_back(MicrosBetween(t0, SteadyClock::now()) / 1000);
    if (all.items.size() != static_cast<size_t>(config.list_keys)) {
      return Status::Internal("list returned " + std::to_string(all.items.size()) +
                              " keys, expected " + std::to_string(config.list_keys));
    }

    store::ListOptions options;
    options.limit = config.list_page;
    const auto paged_start = SteadyClock::now();
    size_t seen = 0;
    do {
      t0 = SteadyClock::now();
      K1S_ASSIGN_OR_RETURN(store::ListResult page, store.List(prefix, options));
      page_ms.push_back(MicrosBetween(t0, SteadyClock::now()) / 1000);
      seen += page.items.size();
      options.continue_token = page.continue_token;
    } while (!options.continue_token.empty());
    paged_total_ms.push_back(MicrosBetween(paged_start, SteadyClock::now()) / 1000);
    if (seen != static_cast<size_t>(config.list_keys)) {
      return Status::Internal("paged list returned " + std::to_string(seen) + " keys");
    }
  }
  Percentiles whole = Summarize(std::move(whole_ms));
  Percentiles page = Summarize(std::move(page_ms));
  Percentiles paged = Summarize(std::move(paged_total_ms));
  const std::string whole_label = "list " + std::to_string(config.list_keys) + " keys, one call:";
  const std::string page_label = "list " + std::to_string(config.list_keys) +
                                 " keys, limit=" + std::to_string(config.list_page) + ":";
  std::printf("%-32s p50 %9.2f ms   p99 %9.2f ms  (%zu lists)\n", whole_label.c_str(), whole.p50,
              whole.p99, whole.samples);
  std::printf("%-32s p50 %9.2f ms   p99 %9.2f ms  per page; whole paged list p50 %.2f ms\n",
              page_label.c_str(), page.p50, page.p99, paged.p50);
  return Status::Ok();
}

}  // namespace k1s::bench
