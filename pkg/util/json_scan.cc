#include "pkg/util/json_scan.h"

#include <cstdint>
#include <cstring>

#include "pkg/util/json_parse.h"

namespace k1s {

namespace {

// A cursor over JSON text. Every step returns false on text it does not
// accept, which the caller turns into kUnknown.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t')) {
      ++pos_;
    }
  }
  bool At(char c) {
    SkipSpace();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  bool Eat(char c) {
    if (!At(c)) return false;
    ++pos_;
    return true;
  }

  // A string at the cursor: its raw contents, and whether they hold escapes.
  bool String(std::string_view* raw, bool* escaped) {
    if (!Eat('"')) return false;
    const size_t start = pos_;
    const size_t end = StringEnd(pos_);
    if (end == std::string_view::npos) return false;
    *raw = text_.substr(start, end - start);
    *escaped = raw->find('\\') != std::string_view::npos;
    pos_ = end + 1;
    return true;
  }

  // Skips any value.
  bool Skip() {
    SkipSpace();
    if (pos_ >= text_.size()) return false;
    const char c = text_[pos_];
    std::string_view raw;
    bool escaped = false;
    if (c == '"') return String(&raw, &escaped);
    if (c == '{' || c == '[') return SkipContainer();
    // A literal or a number: up to the next delimiter.
    const size_t start = pos_;
    while (pos_ < text_.size() && std::strchr(",}] \n\r\t", text_[pos_]) == nullptr) ++pos_;
    return pos_ > start;
  }

  // The value at the cursor, classified; for the end of a field path.
  ScannedField Classify() {
    ScannedField out;
    SkipSpace();
    if (pos_ >= text_.size()) return out;
    std::string_view raw;
    bool escaped = false;
    switch (text_[pos_]) {
      case '"':
        if (!String(&raw, &escaped) || escaped) return out;
        out.value = std::string(raw);
        break;
      case '{':
      case '[':
        if (!Skip()) return out;
        break;
      default: {
        const std::string_view rest = text_.substr(pos_);
        if (rest.starts_with("true")) {
          out.value = "true";
        } else if (rest.starts_with("false")) {
          out.value = "false";
        } else if (!rest.starts_with("null")) {
          return out;  // a number: formatted as the DOM would, so ask the DOM
        }
      }
    }
    out.kind = ScannedField::Kind::kValue;
    return out;
  }

  // Where the cursor is, after any space.
  size_t Position() {
    SkipSpace();
    return pos_;
  }
  // Where the cursor is: just after the value Skip passed over.
  size_t Here() const { return pos_; }

 private:
  // The position of the quote closing a string whose contents start at
  // `from`, or npos.
  size_t StringEnd(size_t from) const {
    while (from < text_.size()) {
      const void* quote = std::memchr(text_.data() + from, '"', text_.size() - from);
      if (quote == nullptr) return std::string_view::npos;
      const size_t at = static_cast<size_t>(static_cast<const char*>(quote) - text_.data());
      // The quote closes the string unless an odd run of backslashes precedes it.
      size_t backslashes = 0;
      while (at - backslashes > from && text_[at - backslashes - 1] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return at;
      from = at + 1;
    }
    return std::string_view::npos;
  }

  // Skips the object or array at the cursor in one pass. The texts scanned
  // are dump()'s own (stored objects, the server's watch lines), so this
  // checks what keeps the cursor honest (strings closed, brackets matched,
  // nesting at most 64 deep, as the stored objects are) and leaves commas,
  // colons and literals to the parser that reads the text in the end. A
  // pod's managedFields are hundreds of tiny tokens: walking them one by
  // one made a field selector's scan cost a third of a parse.
  bool SkipContainer() {
    uint64_t arrays = 0;  // bit d: the container at depth d is an array
    int depth = 0;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') {
        const size_t end = StringEnd(pos_);
        if (end == std::string_view::npos) return false;
        pos_ = end + 1;
      } else if (c == '{' || c == '[') {
        if (depth == 64) return false;
        arrays = (arrays & ~(uint64_t{1} << depth)) | (uint64_t{c == '['} << depth);
        ++depth;
      } else if (c == '}' || c == ']') {
        if (depth == 0) return false;
        --depth;
        if (((arrays >> depth) & 1) != uint64_t{c == ']'}) return false;
        if (depth == 0) return true;
      }
    }
    return false;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

ScannedField Missing() { return {ScannedField::Kind::kValue, ""}; }

}  // namespace

ScannedField ScanJsonField(std::string_view json, std::string_view path) {
  Scanner s(json);
  // Not an object at all (say, an encrypted value): not for us to read.
  if (!s.At('{')) return {};
  std::string_view rest = path;
  while (true) {
    const size_t dot = rest.find('.');
    const std::string_view key = rest.substr(0, dot);
    // The current value must be an object to go on; anything else reads as
    // a missing field.
    if (!s.At('{')) return s.Skip() ? Missing() : ScannedField{};
    s.Eat('{');
    std::optional<bool> found;
    if (s.Eat('}')) found = false;
    while (!found) {
      std::string_view name;
      bool escaped = false;
      if (!s.String(&name, &escaped) || escaped || !s.Eat(':')) return {};
      if (name == key) {
        found = true;
        break;
      }
      if (!s.Skip()) return {};
      if (s.Eat('}')) {
        found = false;
      } else if (!s.Eat(',')) {
        return {};
      }
    }
    if (!*found) return Missing();
    if (dot == std::string_view::npos) return s.Classify();
    rest = rest.substr(dot + 1);
  }
}

std::optional<std::string> InsertJsonMember(std::string_view json, std::string_view object_key,
                                            std::string_view key, std::string_view value_json) {
  Scanner s(json);
  if (!s.Eat('{') || s.At('}')) return std::nullopt;
  std::string_view name;
  bool escaped = false;
  // The top-level member `object_key`, up to its opening brace.
  while (true) {
    if (!s.String(&name, &escaped) || escaped || !s.Eat(':')) return std::nullopt;
    if (name == object_key) break;
    if (!s.Skip() || !s.Eat(',')) return std::nullopt;
  }
  if (!s.Eat('{')) return std::nullopt;
  auto spliced = [&](size_t at, bool comma_before, bool comma_after) {
    std::string out;
    out.reserve(json.size() + key.size() + value_json.size() + 4);
    out.append(json.substr(0, at));
    if (comma_before) out += ',';
    out += '"';
    out.append(key);
    out += "\":";
    out.append(value_json);
    if (comma_after) out += ',';
    out.append(json.substr(at));
    return out;
  };
  if (s.At('}')) return spliced(s.Position(), false, false);
  while (true) {
    const size_t member_start = s.Position();
    if (!s.String(&name, &escaped) || escaped || name == key) return std::nullopt;
    if (key < name) return spliced(member_start, false, true);
    if (!s.Eat(':') || !s.Skip()) return std::nullopt;
    if (s.At('}')) return spliced(s.Position(), true, false);
    if (!s.Eat(',')) return std::nullopt;
  }
}

std::optional<std::string> RemoveJsonMember(std::string_view json, std::initializer_list<std::string_view> path) {
  if (path.size() == 0) return std::nullopt;
  Scanner s(json);
  const std::string_view* last = path.end() - 1;
  for (const std::string_view* key = path.begin(); key != path.end(); ++key) {
    if (!s.Eat('{') || s.At('}')) return std::nullopt;
    size_t comma = std::string_view::npos;  // before the current member
    while (true) {
      const size_t member_start = s.Position();
      std::string_view name;
      bool escaped = false;
      if (!s.String(&name, &escaped) || escaped || !s.Eat(':')) return std::nullopt;
      if (name == *key) {
        if (key != last) break;  // into its value
        if (!s.Skip()) return std::nullopt;
        const size_t value_end = s.Position();
        // Built to its exact size: informers keep this text for as long as
        // they hold the object.
        auto without = [json](size_t from, size_t to) {
          std::string out;
          out.reserve(json.size() - (to - from));
          out.append(json.substr(0, from));
          out.append(json.substr(to));
          return out;
        };
        if (s.At(',')) return without(member_start, value_end + 1);
        if (s.At('}')) {
          // The last member: the comma before it goes (none for the only one).
          return without(comma != std::string_view::npos ? comma : member_start, value_end);
        }
        return std::nullopt;
      }
      if (!s.Skip() || s.At('}')) return std::nullopt;
      comma = s.Position();
      if (!s.Eat(',')) return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> JsonMemberText(std::string_view json, std::string_view key) {
  Scanner s(json);
  if (!s.Eat('{') || s.At('}')) return std::nullopt;
  while (true) {
    std::string_view name;
    bool escaped = false;
    if (!s.String(&name, &escaped) || escaped || !s.Eat(':')) return std::nullopt;
    const size_t value_start = s.Position();
    if (!s.Skip()) return std::nullopt;
    if (name == key) return json.substr(value_start, s.Here() - value_start);
    if (!s.Eat(',')) return std::nullopt;
  }
}

nlohmann::json ParseJsonWithout(std::string_view json, std::initializer_list<std::string_view> path) {
  if (auto cut = RemoveJsonMember(json, path)) return ParseJson(*cut);
  nlohmann::json parsed = ParseJson(json);
  nlohmann::json* at = &parsed;
  for (const std::string_view* step = path.begin(); step != path.end() && at->is_object(); ++step) {
    if (step + 1 == path.end()) {
      at->erase(std::string(*step));
      break;
    }
    auto next = at->find(std::string(*step));
    if (next == at->end()) break;
    at = &*next;
  }
  return parsed;
}

}  // namespace k1s
