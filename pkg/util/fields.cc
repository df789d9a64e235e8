#include "pkg/util/fields.h"

#include <algorithm>

namespace k1s {
namespace {

// Splits on commas that are not escaped.
std::vector<std::string_view> SplitTerms(std::string_view s) {
  std::vector<std::string_view> terms;
  if (s.empty()) return terms;
  size_t start = 0;
  bool escaped = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (escaped) {
      escaped = false;
    } else if (s[i] == '\\') {
      escaped = true;
    } else if (s[i] == ',') {
      terms.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  terms.push_back(s.substr(start));
  return terms;
}

// The first operator found scanning left to right; at one position "!=" and
// "==" win over "=". The field part is taken as is, escapes and all.
bool SplitTerm(std::string_view term, FieldRequirement& r, std::string_view& rhs) {
  for (size_t i = 0; i < term.size(); ++i) {
    std::string_view rest = term.substr(i);
    struct Op {
      std::string_view text;
      FieldOperator op;
    };
    for (Op op : {Op{"!=", FieldOperator::kNotEquals}, Op{"==", FieldOperator::kDoubleEquals},
                  Op{"=", FieldOperator::kEquals}}) {
      if (rest.substr(0, op.text.size()) == op.text) {
        r.field = std::string(term.substr(0, i));
        r.op = op.op;
        rhs = term.substr(i + op.text.size());
        return true;
      }
    }
  }
  return false;
}

}  // namespace

std::string EscapeFieldValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == ',' || c == '=') out += '\\';
    out += c;
  }
  return out;
}

Result<std::string> UnescapeFieldValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool escaped = false;
  for (char c : value) {
    if (escaped) {
      if (c != '\\' && c != ',' && c != '=') {
        return Status::BadRequest(
            std::string("invalid field selector: invalid escape sequence: \\") + c);
      }
      out += c;
      escaped = false;
    } else if (c == '\\') {
      escaped = true;
    } else if (c == ',' || c == '=') {
      return Status::BadRequest(
          std::string("invalid field selector: unescaped character in value: ") + c);
    } else {
      out += c;
    }
  }
  if (escaped) return Status::BadRequest("invalid field selector: invalid escape sequence: \\");
  return out;
}

std::string FieldRequirement::ToString() const {
  const char* sym = op == FieldOperator::kEquals         ? "="
                    : op == FieldOperator::kDoubleEquals ? "=="
                                                         : "!=";
  return field + sym + EscapeFieldValue(value);
}

Result<FieldSelector> FieldSelector::Parse(std::string_view text) {
  FieldSelector s;
  for (std::string_view term : SplitTerms(text)) {
    if (term.empty()) continue;
    FieldRequirement r;
    std::string_view rhs;
    if (!SplitTerm(term, r, rhs)) {
      return Status::BadRequest("invalid selector: '" + std::string(text) +
                                "'; can't understand '" + std::string(term) + "'");
    }
    K1S_ASSIGN_OR_RETURN(r.value, UnescapeFieldValue(rhs));
    s.requirements_.push_back(std::move(r));
  }
  std::stable_sort(s.requirements_.begin(), s.requirements_.end(),
                   [](const auto& a, const auto& b) { return a.field < b.field; });
  return s;
}

bool FieldSelector::Matches(const FieldGetter& get) const {
  for (const FieldRequirement& r : requirements_) {
    std::string have = get(r.field).value_or("");
    bool equal = have == r.value;
    if (equal != (r.op != FieldOperator::kNotEquals)) return false;
  }
  return true;
}

std::optional<std::string> FieldSelector::RequiredValue(std::string_view field) const {
  for (const FieldRequirement& r : requirements_) {
    if (r.field == field && r.op != FieldOperator::kNotEquals) return r.value;
  }
  return std::nullopt;
}

std::string FieldSelector::ToString() const {
  std::string out;
  for (const FieldRequirement& r : requirements_) {
    if (!out.empty()) out += ',';
    out += r.ToString();
  }
  return out;
}

}  // namespace k1s
