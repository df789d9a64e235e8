#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "pkg/util/log.h"

namespace k1s {
namespace {

// Captures what a LogSink writes through an in-memory FILE.
struct Captured {
  char* buf = nullptr;
  size_t size = 0;
  std::FILE* file = open_memstream(&buf, &size);
  ~Captured() {
    std::fclose(file);
    std::free(buf);
  }
  std::string text() {
    std::fflush(file);
    return std::string(buf, size);
  }
};

TEST_CASE("log lines carry time, level and component, one line per event") {
  Captured out;
  LogSink sink(/*verbosity=*/1, out.file);
  Logger log(&sink, "server");
  Logger store = log.Child("store");
  store.Info("opened ", "db", " rev=", 42);
  store.Warning("two\nlines");
  store.Debug(1, "shown at -v 1");
  store.Debug(2, "hidden at -v 1");
  std::string text = out.text();
  CHECK(text.find(" I server/store: opened db rev=42\n") != std::string::npos);
  CHECK(text.find(" W server/store: two\\nlines\n") != std::string::npos);
  CHECK(text.find(" D1 server/store: shown at -v 1\n") != std::string::npos);
  CHECK(text.find("hidden") == std::string::npos);
  CHECK(text.rfind("20", 0) == 0);  // starts with an ISO-8601 year
  CHECK(text[10] == 'T');
}

TEST_CASE("a default Logger discards") {
  Logger log;
  CHECK_FALSE(log.V(0));
  log.Info("nothing happens");
}

}  // namespace
}  // namespace k1s
