// Label selectors, as kube-apiserver understands them.
//
// Two spellings of the same thing:
//  - the string form of `?labelSelector=` and `kubectl -l`:
//      app=web,tier!=db,env in (prod,staging),!canary,release,version>2
//    parsed by LabelSelector::Parse (errors are BadRequest, worded like
//    Kubernetes: "unable to parse requirement: ...", "found 'x', expected: ...");
//  - the object form inside resources (Deployment spec.selector, ...):
//      {"matchLabels": {...}, "matchExpressions": [{"key","operator","values"}]}
//    read by LabelSelector::FromJson (errors are Invalid and name the field).
// Requirements are ANDed. A selector is immutable once built.
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/util/result.h"

namespace k1s {

enum class LabelOperator {
  kEquals,        // a=b
  kDoubleEquals,  // a==b
  kNotEquals,     // a!=b: also true when a is absent
  kIn,            // a in (x,y)
  kNotIn,         // a notin (x,y): also true when a is absent
  kExists,        // a
  kDoesNotExist,  // !a
  kGreaterThan,   // a>5: a present and an integer greater than 5
  kLessThan,      // a<5
};

struct LabelRequirement {
  std::string key;
  LabelOperator op = LabelOperator::kExists;
  std::vector<std::string> values;  // sorted, no duplicates

  bool Matches(const std::map<std::string, std::string>& labels) const;
  std::string ToString() const;  // e.g. "env in (prod,staging)", "!canary"
};

class LabelSelector {
 public:
  // The empty selector: matches every object.
  LabelSelector() = default;
  static LabelSelector Everything() { return LabelSelector(); }
  // Matches no object (what a null selector object means in Kubernetes).
  static LabelSelector Nothing();

  // Parses the string form. "" (or only blanks) is Everything(). BadRequest on
  // syntax errors, invalid keys or values.
  static Result<LabelSelector> Parse(std::string_view text);

  // Reads a metav1.LabelSelector object. null is Nothing(), {} is Everything().
  // Invalid errors name the field under `field_path`, e.g.
  // "spec.selector.matchExpressions[0].operator: Invalid value: \"Foo\": ...".
  static Result<LabelSelector> FromJson(const nlohmann::json& selector,
                                        std::string_view field_path = "selector");

  // key=value for each entry (a Service's spec.selector). Empty map: Everything().
  // Does not validate.
  static LabelSelector FromMap(const std::map<std::string, std::string>& labels);

  bool Matches(const std::map<std::string, std::string>& labels) const;
  // `labels` is a metadata.labels object; null/absent means no labels. Values
  // that are not strings are treated as absent.
  bool MatchesJson(const nlohmann::json& labels) const;
  // Reads object["metadata"]["labels"].
  bool MatchesObject(const nlohmann::json& object) const;

  bool IsEverything() const { return !nothing_ && requirements_.empty(); }
  bool IsNothing() const { return nothing_; }
  // Sorted by key (stable: equal keys keep their order).
  const std::vector<LabelRequirement>& requirements() const { return requirements_; }
  // Canonical string form, parseable by Parse; "" for Everything().
  std::string ToString() const;

 private:
  std::vector<LabelRequirement> requirements_;
  bool nothing_ = false;
};

// Kubernetes' messages for an invalid label key (a qualified name: optional
// DNS-subdomain prefix and '/', then a name of at most 63 characters) or label
// value (at most 63 characters, may be empty); empty when valid. pkg/api uses
// these for metadata.labels.
std::vector<std::string> LabelKeyErrors(std::string_view key);
std::vector<std::string> LabelValueErrors(std::string_view value);

}  // namespace k1s
