#include "pkg/util/labels.h"
#include "pkg/util/quote.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

namespace k1s {
namespace {

// ---- validation: Kubernetes' wording (k8s.io/apimachinery/pkg/util/validation) ----

constexpr size_t kNameMaxLength = 63;
constexpr size_t kLabelValueMaxLength = 63;
constexpr size_t kDnsSubdomainMaxLength = 253;

constexpr const char* kQualifiedNameMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
constexpr const char* kLabelValueMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
constexpr const char* kDnsSubdomainMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool IsQualifiedNamePart(std::string_view s) {
  if (s.empty() || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return IsAlnum(c) || c == '-' || c == '_' || c == '.'; });
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])? joined by dots
bool IsDnsSubdomain(std::string_view s) {
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (label.empty() || !lower_alnum(label.front()) || !lower_alnum(label.back())) return false;
    if (!std::all_of(label.begin(), label.end(),
                     [&](char c) { return lower_alnum(c) || c == '-'; })) {
      return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::string MaxLen(size_t n) { return "must be no more than " + std::to_string(n) + " characters"; }


// Go's %#v of a []string, as field.Invalid prints a list value.
std::string QuoteList(const std::vector<std::string>& values) {
  std::string out = "[]string{";
  for (size_t i = 0; i < values.size(); ++i) out += (i > 0 ? ", " : "") + DoubleQuote(values[i]);
  return out + "}";
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

// One error as is, several as "[a, b]" (like an aggregated Go error).
std::string Aggregate(const std::vector<std::string>& errors) {
  return errors.size() == 1 ? errors[0] : "[" + Join(errors, ", ") + "]";
}

std::string FieldInvalid(const std::string& path, const std::string& value_repr,
                         const std::string& detail) {
  return path + ": Invalid value: " + value_repr + ": " + detail;
}

std::optional<int64_t> ParseInt64(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// ---- requirement checks shared by both spellings (labels.NewRequirement) ----

void ValidateRequirement(const LabelRequirement& r, const std::string& path,
                         std::vector<std::string>& errors) {
  std::string prefix = path.empty() ? "" : path + ".";
  if (auto errs = LabelKeyErrors(r.key); !errs.empty()) {
    errors.push_back(FieldInvalid(prefix + "key", DoubleQuote(r.key), Join(errs, "; ")));
  }
  const std::string values_path = prefix + "values";
  switch (r.op) {
    case LabelOperator::kIn:
    case LabelOperator::kNotIn:
      if (r.values.empty()) {
        errors.push_back(FieldInvalid(values_path, QuoteList(r.values),
                                      "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case LabelOperator::kEquals:
    case LabelOperator::kDoubleEquals:
    case LabelOperator::kNotEquals:
      if (r.values.size() != 1) {
        errors.push_back(FieldInvalid(values_path, QuoteList(r.values),
                                      "exact-match compatibility requires one single value"));
      }
      break;
    case LabelOperator::kExists:
    case LabelOperator::kDoesNotExist:
      if (!r.values.empty()) {
        errors.push_back(FieldInvalid(values_path, QuoteList(r.values),
                                      "values set must be empty for exists and does not exist"));
      }
      break;
    case LabelOperator::kGreaterThan:
    case LabelOperator::kLessThan:
      if (r.values.size() != 1) {
        errors.push_back(FieldInvalid(values_path, QuoteList(r.values),
                                      "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      for (size_t i = 0; i < r.values.size(); ++i) {
        if (!ParseInt64(r.values[i])) {
          errors.push_back(FieldInvalid(values_path + "[" + std::to_string(i) + "]",
                                        DoubleQuote(r.values[i]),
                                        "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      }
      break;
  }
  for (size_t i = 0; i < r.values.size(); ++i) {
    if (auto errs = LabelValueErrors(r.values[i]); !errs.empty()) {
      errors.push_back(FieldInvalid(values_path + "[" + std::to_string(i) + "][" + r.key + "]",
                                    DoubleQuote(r.values[i]), Join(errs, "; ")));
    }
  }
}

void SortUnique(std::vector<std::string>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

// Looks a label up: nullopt when absent.
template <typename Lookup>
bool RequirementMatches(const LabelRequirement& r, const Lookup& lookup) {
  std::optional<std::string_view> value = lookup(r.key);
  auto in_values = [&] { return std::binary_search(r.values.begin(), r.values.end(), *value); };
  switch (r.op) {
    case LabelOperator::kEquals:
    case LabelOperator::kDoubleEquals:
    case LabelOperator::kIn:
      return value.has_value() && in_values();
    case LabelOperator::kNotEquals:
    case LabelOperator::kNotIn:
      return !value.has_value() || !in_values();
    case LabelOperator::kExists:
      return value.has_value();
    case LabelOperator::kDoesNotExist:
      return !value.has_value();
    case LabelOperator::kGreaterThan:
    case LabelOperator::kLessThan: {
      if (!value.has_value() || r.values.size() != 1) return false;
      std::optional<int64_t> have = ParseInt64(*value);
      std::optional<int64_t> want = ParseInt64(r.values[0]);
      if (!have || !want) return false;
      return r.op == LabelOperator::kGreaterThan ? *have > *want : *have < *want;
    }
  }
  return false;
}

auto MapLookup(const std::map<std::string, std::string>& labels) {
  return [&labels](const std::string& key) -> std::optional<std::string_view> {
    auto it = labels.find(key);
    if (it == labels.end()) return std::nullopt;
    return std::string_view(it->second);
  };
}

auto JsonLookup(const nlohmann::json& labels) {
  return [&labels](const std::string& key) -> std::optional<std::string_view> {
    if (!labels.is_object()) return std::nullopt;
    auto it = labels.find(key);
    if (it == labels.end() || !it->is_string()) return std::nullopt;
    return std::string_view(it->get_ref<const std::string&>());
  };
}

}  // namespace

// Defined in labels_parse.cc.
Result<std::vector<LabelRequirement>> ParseLabelRequirements(std::string_view text);

std::vector<std::string> LabelKeyErrors(std::string_view key) {
  std::vector<std::string> errs;
  std::string_view name = key;
  size_t slash = key.find('/');
  if (slash != std::string_view::npos) {
    if (key.find('/', slash + 1) != std::string_view::npos) {
      errs.push_back(std::string("a qualified name ") + kQualifiedNameMsg +
                     " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    std::string_view prefix = key.substr(0, slash);
    name = key.substr(slash + 1);
    if (prefix.empty()) {
      errs.push_back("prefix part must be non-empty");
    } else {
      if (prefix.size() > kDnsSubdomainMaxLength) {
        errs.push_back("prefix part " + MaxLen(kDnsSubdomainMaxLength));
      }
      if (!IsDnsSubdomain(prefix)) errs.push_back(std::string("prefix part ") + kDnsSubdomainMsg);
    }
  }
  if (name.empty()) {
    errs.push_back("name part must be non-empty");
  } else if (name.size() > kNameMaxLength) {
    errs.push_back("name part " + MaxLen(kNameMaxLength));
  }
  if (!IsQualifiedNamePart(name)) errs.push_back(std::string("name part ") + kQualifiedNameMsg);
  return errs;
}

std::vector<std::string> LabelValueErrors(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kLabelValueMaxLength) errs.push_back(MaxLen(kLabelValueMaxLength));
  if (!value.empty() && !IsQualifiedNamePart(value)) errs.push_back(kLabelValueMsg);
  return errs;
}

// Used by labels_parse.cc: "" when the requirement is valid.
std::string LabelRequirementError(LabelRequirement& r) {
  SortUnique(r.values);
  std::vector<std::string> errors;
  ValidateRequirement(r, "", errors);
  return errors.empty() ? "" : Aggregate(errors);
}

bool LabelRequirement::Matches(const std::map<std::string, std::string>& labels) const {
  return RequirementMatches(*this, MapLookup(labels));
}

std::string LabelRequirement::ToString() const {
  switch (op) {
    case LabelOperator::kExists:
      return key;
    case LabelOperator::kDoesNotExist:
      return "!" + key;
    case LabelOperator::kIn:
      return key + " in (" + Join(values, ",") + ")";
    case LabelOperator::kNotIn:
      return key + " notin (" + Join(values, ",") + ")";
    default:
      break;
  }
  const char* sym = op == LabelOperator::kEquals         ? "="
                    : op == LabelOperator::kDoubleEquals ? "=="
                    : op == LabelOperator::kNotEquals    ? "!="
                    : op == LabelOperator::kGreaterThan  ? ">"
                                                         : "<";
  return key + sym + (values.empty() ? "" : values[0]);
}

LabelSelector LabelSelector::Nothing() {
  LabelSelector s;
  s.nothing_ = true;
  return s;
}

Result<LabelSelector> LabelSelector::Parse(std::string_view text) {
  K1S_ASSIGN_OR_RETURN(std::vector<LabelRequirement> reqs, ParseLabelRequirements(text));
  std::stable_sort(reqs.begin(), reqs.end(),
                   [](const auto& a, const auto& b) { return a.key < b.key; });
  LabelSelector s;
  s.requirements_ = std::move(reqs);
  return s;
}

LabelSelector LabelSelector::FromMap(const std::map<std::string, std::string>& labels) {
  LabelSelector s;
  for (const auto& [k, v] : labels) s.requirements_.push_back({k, LabelOperator::kEquals, {v}});
  return s;
}

Result<LabelSelector> LabelSelector::FromJson(const nlohmann::json& selector,
                                              std::string_view field_path) {
  if (selector.is_null()) return Nothing();
  const std::string path(field_path);
  if (!selector.is_object()) {
    return Status::Invalid(FieldInvalid(path, selector.dump(), "must be a label selector object"));
  }
  std::vector<std::string> errors;
  std::vector<LabelRequirement> reqs;

  auto labels = selector.find("matchLabels");
  if (labels != selector.end() && !labels->is_null()) {
    const std::string lpath = path + ".matchLabels";
    if (!labels->is_object()) {
      errors.push_back(FieldInvalid(lpath, labels->dump(), "must be an object"));
    } else {
      for (auto it = labels->begin(); it != labels->end(); ++it) {
        for (const std::string& msg : LabelKeyErrors(it.key())) {
          errors.push_back(FieldInvalid(lpath, DoubleQuote(it.key()), msg));
        }
        if (!it->is_string()) {
          errors.push_back(FieldInvalid(lpath + "." + it.key(), it->dump(), "must be a string"));
          continue;
        }
        const std::string& value = it->get_ref<const std::string&>();
        for (const std::string& msg : LabelValueErrors(value)) {
          errors.push_back(FieldInvalid(lpath, DoubleQuote(value), msg));
        }
        reqs.push_back({it.key(), LabelOperator::kEquals, {value}});
      }
    }
  }

  auto exprs = selector.find("matchExpressions");
  if (exprs != selector.end() && !exprs->is_null()) {
    const std::string epath = path + ".matchExpressions";
    if (!exprs->is_array()) {
      errors.push_back(FieldInvalid(epath, exprs->dump(), "must be a list"));
    } else {
      for (size_t i = 0; i < exprs->size(); ++i) {
        const nlohmann::json& e = (*exprs)[i];
        const std::string ipath = epath + "[" + std::to_string(i) + "]";
        if (!e.is_object()) {
          errors.push_back(FieldInvalid(ipath, e.dump(), "must be an object"));
          continue;
        }
        LabelRequirement r;
        auto key_it = e.find("key");
        const std::string key =
            key_it != e.end() && key_it->is_string() ? key_it->get<std::string>() : "";
        r.key = key;
        const nlohmann::json op = e.value("operator", nlohmann::json());
        const std::string op_name = op.is_string() ? op.get<std::string>() : "";
        const nlohmann::json values = e.value("values", nlohmann::json());
        if (!values.is_null() && !values.is_array()) {
          errors.push_back(FieldInvalid(ipath + ".values", values.dump(), "must be a list"));
        } else if (values.is_array()) {
          for (size_t j = 0; j < values.size(); ++j) {
            if (!values[j].is_string()) {
              errors.push_back(FieldInvalid(ipath + ".values[" + std::to_string(j) + "]",
                                            values[j].dump(), "must be a string"));
            } else {
              r.values.push_back(values[j].get<std::string>());
            }
          }
        }
        bool op_ok = true;
        if (op_name == "In" || op_name == "NotIn") {
          r.op = op_name == "In" ? LabelOperator::kIn : LabelOperator::kNotIn;
          if (r.values.empty()) {
            errors.push_back(ipath +
                             ".values: Required value: must be specified when `operator` is 'In' "
                             "or 'NotIn'");
          }
        } else if (op_name == "Exists" || op_name == "DoesNotExist") {
          r.op = op_name == "Exists" ? LabelOperator::kExists : LabelOperator::kDoesNotExist;
          if (!r.values.empty()) {
            errors.push_back(ipath +
                             ".values: Forbidden: may not be specified when `operator` is "
                             "'Exists' or 'DoesNotExist'");
          }
        } else {
          op_ok = false;
          errors.push_back(FieldInvalid(ipath + ".operator",
                                        op.is_string() ? DoubleQuote(op_name) : op.dump(),
                                        "not a valid selector operator"));
        }
        for (const std::string& msg : LabelKeyErrors(key)) {
          errors.push_back(FieldInvalid(ipath + ".key", DoubleQuote(key), msg));
        }
        for (size_t j = 0; j < r.values.size(); ++j) {
          for (const std::string& msg : LabelValueErrors(r.values[j])) {
            errors.push_back(FieldInvalid(ipath + ".values[" + std::to_string(j) + "]",
                                          DoubleQuote(r.values[j]), msg));
          }
        }
        SortUnique(r.values);
        if (op_ok) reqs.push_back(std::move(r));
      }
    }
  }
  if (!errors.empty()) return Status::Invalid(Aggregate(errors));
  std::stable_sort(reqs.begin(), reqs.end(),
                   [](const auto& a, const auto& b) { return a.key < b.key; });
  LabelSelector s;
  s.requirements_ = std::move(reqs);
  return s;
}

bool LabelSelector::Matches(const std::map<std::string, std::string>& labels) const {
  if (nothing_) return false;
  auto lookup = MapLookup(labels);
  return std::all_of(requirements_.begin(), requirements_.end(),
                     [&](const LabelRequirement& r) { return RequirementMatches(r, lookup); });
}

bool LabelSelector::MatchesJson(const nlohmann::json& labels) const {
  if (nothing_) return false;
  auto lookup = JsonLookup(labels);
  return std::all_of(requirements_.begin(), requirements_.end(),
                     [&](const LabelRequirement& r) { return RequirementMatches(r, lookup); });
}

bool LabelSelector::MatchesObject(const nlohmann::json& object) const {
  static const nlohmann::json kNoLabels;
  if (!object.is_object()) return MatchesJson(kNoLabels);
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return MatchesJson(kNoLabels);
  auto labels = meta->find("labels");
  return MatchesJson(labels == meta->end() ? kNoLabels : *labels);
}

std::string LabelSelector::ToString() const {
  std::vector<std::string> parts;
  for (const auto& r : requirements_) parts.push_back(r.ToString());
  return Join(parts, ",");
}

}  // namespace k1s
