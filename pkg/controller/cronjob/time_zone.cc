#include "pkg/controller/cronjob/time_zone.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace k1s::controller::cronjob {

namespace {

int64_t ReadBE(const std::string& d, size_t pos, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(d[pos + i]);
  if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

struct Header {
  int64_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
  size_t BodySize(int time_bytes) const {
    return timecnt * time_bytes + timecnt + typecnt * 6 + charcnt + leapcnt * (time_bytes + 4) +
           isstdcnt + isutcnt;
  }
};

Result<Header> ReadHeader(const std::string& d, size_t pos) {
  if (d.size() < pos + 44 || d.compare(pos, 4, "TZif") != 0) return Status::Invalid("not a TZif file");
  Header h{};
  h.isutcnt = ReadBE(d, pos + 20, 4);
  h.isstdcnt = ReadBE(d, pos + 24, 4);
  h.leapcnt = ReadBE(d, pos + 28, 4);
  h.timecnt = ReadBE(d, pos + 32, 4);
  h.typecnt = ReadBE(d, pos + 36, 4);
  h.charcnt = ReadBE(d, pos + 40, 4);
  if (h.timecnt < 0 || h.typecnt <= 0 || h.charcnt < 0 || h.leapcnt < 0 || h.isstdcnt < 0 ||
      h.isutcnt < 0) {
    return Status::Invalid("malformed TZif header");
  }
  return h;
}

}  // namespace

Result<TimeZone> TimeZone::FromTzif(const std::string& d) {
  K1S_ASSIGN_OR_RETURN(Header h, ReadHeader(d, 0));
  size_t pos = 44;
  int time_bytes = 4;
  if (d[4] >= '2') {
    // Skip the 32-bit body; the 64-bit one follows with its own header.
    pos += h.BodySize(4);
    K1S_ASSIGN_OR_RETURN(h, ReadHeader(d, pos));
    pos += 44;
    time_bytes = 8;
  }
  if (d.size() < pos + h.BodySize(time_bytes)) return Status::Invalid("truncated TZif file");
  TimeZone tz;
  std::vector<int> type_of;
  for (int64_t i = 0; i < h.timecnt; ++i) tz.transitions_.push_back(ReadBE(d, pos + i * time_bytes, time_bytes));
  pos += h.timecnt * time_bytes;
  for (int64_t i = 0; i < h.timecnt; ++i) type_of.push_back(static_cast<unsigned char>(d[pos + i]));
  pos += h.timecnt;
  std::vector<int32_t> type_offset;
  std::vector<bool> type_dst;
  for (int64_t i = 0; i < h.typecnt; ++i) {
    type_offset.push_back(static_cast<int32_t>(ReadBE(d, pos + i * 6, 4)));
    type_dst.push_back(d[pos + i * 6 + 4] != 0);
  }
  for (int t : type_of) {
    if (t >= h.typecnt) return Status::Invalid("malformed TZif transition");
    tz.offsets_.push_back(type_offset[t]);
  }
  // Before the first transition: the first standard-time type.
  tz.initial_offset_ = type_offset[0];
  for (int64_t i = 0; i < h.typecnt; ++i) {
    if (!type_dst[i]) {
      tz.initial_offset_ = type_offset[i];
      break;
    }
  }
  return tz;
}

Result<TimeZone> TimeZone::Load(const std::string& name, const std::string& dir) {
  if (name.empty() || name == "UTC" || name == "Etc/UTC") return TimeZone();
  if (name.front() == '/' || name.find("..") != std::string::npos) {
    return Status::Invalid("invalid time zone name \"" + name + "\"");
  }
  std::ifstream in(dir + "/" + name, std::ios::binary);
  if (!in) return Status::NotFound("unknown time zone " + name);
  std::stringstream buf;
  buf << in.rdbuf();
  return FromTzif(buf.str());
}

int64_t TimeZone::OffsetAt(int64_t utc) const {
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc);
  if (it == transitions_.begin()) return initial_offset_;
  return offsets_[(it - transitions_.begin()) - 1];
}

}  // namespace k1s::controller::cronjob
