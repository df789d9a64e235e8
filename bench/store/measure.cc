#include "bench/store/measure.h"

#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace k1s::bench {

Percentiles Summarize(std::vector<double> samples) {
  Percentiles p;
  p.samples = samples.size();
  if (samples.empty()) return p;
  std::sort(samples.begin(), samples.end());
  auto rank = [&](double q) {
    size_t i = static_cast<size_t>(q * static_cast<double>(samples.size()));
    return samples[std::min(i, samples.size() - 1)];
  };
  p.p50 = rank(0.50);
  p.p99 = rank(0.99);
  return p;
}

int64_t DatabaseBytes(const std::string& path) {
  int64_t total = 0;
  for (const std::string& f : {path, path + "-wal"}) {
    std::error_code ec;
    auto size = std::filesystem::file_size(f, ec);
    if (!ec) total += static_cast<int64_t>(size);
  }
  return total;
}

Result<int64_t> PeakRssKib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0)
      return static_cast<int64_t>(std::strtoll(line.c_str() + 6, nullptr, 10));
  }
  return Status::Internal("no VmHWM in /proc/self/status");
}

Result<TempDir> TempDir::Create(const std::string& parent) {
  std::string tmpl = parent + "/bench_store.XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return Status::IOError("mkdtemp " + tmpl + ": " + std::strerror(errno));
  }
  return TempDir(tmpl);
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace k1s::bench
