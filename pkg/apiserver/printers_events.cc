// Events, core/v1 and events.k8s.io/v1 (printed, as the real server does,
// after conversion to the internal core Event).
#include <algorithm>
#include <cctype>

#include "pkg/apiserver/printers.h"

namespace k1s::apiserver::printers {
namespace {

// The fields printEvent reads, under their core/v1 names.
struct EventView {
  const Json* involved;
  const Json* first;
  const Json* last;
  const Json* event_time;
  const Json* series;
  const Json* source;
  int64_t count;
  std::string message;
};

EventView View(const Json& e, bool events_v1) {
  if (events_v1) {
    return {&At(e, {"regarding"}),
            &At(e, {"deprecatedFirstTimestamp"}),
            &At(e, {"deprecatedLastTimestamp"}),
            &At(e, {"eventTime"}),
            &At(e, {"series"}),
            &At(e, {"deprecatedSource"}),
            Int(At(e, {"deprecatedCount"})),
            Str(At(e, {"note"}))};
  }
  return {&At(e, {"involvedObject"}), &At(e, {"firstTimestamp"}), &At(e, {"lastTimestamp"}),
          &At(e, {"eventTime"}),      &At(e, {"series"}),         &At(e, {"source"}),
          Int(At(e, {"count"})),      Str(At(e, {"message"}))};
}

std::string Trim(const std::string& s) {
  auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  auto begin = std::find_if_not(s.begin(), s.end(), space);
  auto end = std::find_if_not(s.rbegin(), s.rend(), space).base();
  return begin < end ? std::string(begin, end) : std::string();
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string FirstSeen(const EventView& v, Clock::time_point now) {
  return Time(*v.first) ? Since(*v.first, now) : Since(*v.event_time, now);
}

std::string LastSeen(const EventView& v, Clock::time_point now) {
  if (Has(*v.series)) return Since(At(*v.series, {"lastObservedTime"}), now);
  return Time(*v.last) ? Since(*v.last, now) : FirstSeen(v, now);
}

// formatEventSource: component (or reportingController), then ", host"
// (or reportingInstance) when there is one.
std::string Source(const Json& e, const EventView& v) {
  std::string component = Str(At(*v.source, {"component"}));
  if (component.empty()) component = Str(At(e, {"reportingController"}));
  std::string host = Str(At(*v.source, {"host"}));
  if (host.empty()) host = Str(At(e, {"reportingInstance"}));
  return host.empty() ? component : component + ", " + host;
}

}  // namespace

std::optional<Json> EventCell(const CellRequest& r) {
  if (r.resource.plural != "events") return std::nullopt;
  const Json& e = r.object;
  const EventView v = View(e, r.resource.group == "events.k8s.io");
  const std::string_view col = r.column;
  if (col == "Last Seen") return LastSeen(v, r.now);
  if (col == "First Seen") return FirstSeen(v, r.now);
  if (col == "Type") return Str(At(e, {"type"}));
  if (col == "Reason") return Str(At(e, {"reason"}));
  if (col == "Object") {
    const std::string kind = Lower(Str(At(*v.involved, {"kind"})));
    const std::string name = Str(At(*v.involved, {"name"}));
    return name.empty() ? kind : kind + "/" + name;
  }
  if (col == "Subobject") return Str(At(*v.involved, {"fieldPath"}));
  if (col == "Source") return Source(e, v);
  if (col == "Message") return Trim(v.message);
  if (col == "Count") {
    if (Has(*v.series)) return Int(At(*v.series, {"count"}));
    return v.count == 0 ? int64_t{1} : v.count;  // singleton events leave count unset
  }
  return std::nullopt;
}

}  // namespace k1s::apiserver::printers
