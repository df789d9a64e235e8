// Field selectors (`?fieldSelector=`, `kubectl --field-selector`), as
// kube-apiserver parses them: `f=v`, `f==v`, `f!=v`, comma = AND, and in
// values the escapes `\,` `\=` `\\`. Which fields a kind supports is the
// caller's business (the API server checks the names per kind and answers
// `field label not supported: ...`).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/util/result.h"

namespace k1s {

enum class FieldOperator { kEquals, kDoubleEquals, kNotEquals };

struct FieldRequirement {
  std::string field;  // as written: not trimmed, not unescaped (like Kubernetes)
  FieldOperator op = FieldOperator::kEquals;
  std::string value;  // unescaped

  std::string ToString() const;  // value escaped again
};

// Returns the value of a field of the object being matched. nullopt (an unset
// field) compares like the empty string, as in Kubernetes' fields.Set.
using FieldGetter = std::function<std::optional<std::string>(std::string_view field)>;

class FieldSelector {
 public:
  FieldSelector() = default;  // matches everything

  // "" is Everything. Empty terms ("a=b,,c=d", a trailing ",") are skipped.
  // BadRequest on a term without an operator ("invalid selector: '...'; can't
  // understand '...'") or a bad escape in a value ("invalid field selector:
  // invalid escape sequence: \x", "... unescaped character in value: =").
  static Result<FieldSelector> Parse(std::string_view text);

  bool Matches(const FieldGetter& get) const;

  bool IsEverything() const { return requirements_.empty(); }
  // Sorted by field (stable).
  const std::vector<FieldRequirement>& requirements() const { return requirements_; }
  // The value `field` must equal (= or ==), if the selector requires one:
  // lets the API server narrow a list, e.g. metadata.name or spec.nodeName.
  std::optional<std::string> RequiredValue(std::string_view field) const;
  std::string ToString() const;  // canonical, parseable; "" for Everything

 private:
  std::vector<FieldRequirement> requirements_;
};

// `\` `,` `=` escaped with a backslash, and back. Unescape fails on an unknown
// escape, a trailing backslash or an unescaped `,` or `=` (BadRequest).
std::string EscapeFieldValue(std::string_view value);
Result<std::string> UnescapeFieldValue(std::string_view value);

}  // namespace k1s
