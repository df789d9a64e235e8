// ParsedFlags: the effective value of every flag of one subcommand.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pkg/cli/flag.h"

namespace k1s::cli {

class ParsedFlags {
 public:
  ParsedFlags() = default;
  explicit ParsedFlags(std::vector<FlagSpec> specs);

  // True when --help or -h was given; then no other value was parsed.
  bool help_requested() const { return help_requested_; }
  void set_help_requested() { help_requested_ = true; }
  // The config file that was read, or empty if none was.
  const std::string& config_file() const { return config_file_; }
  void set_config_file(std::string path) { config_file_ = std::move(path); }

  const std::vector<FlagSpec>& specs() const { return specs_; }
  const FlagSpec* FindSpec(const std::string& name) const;

  // Precondition of every accessor below: `name` is a declared flag, and the
  // typed ones ask for the flag's declared type (a mismatch is a bug and throws).
  const FlagValue& Get(const std::string& name) const;
  FlagValue& Mutable(const std::string& name);
  bool IsSet(const std::string& name) const { return Get(name).source != Source::kUnset; }
  // An unset string or list reads as empty; an unset bool as false.
  std::string String(const std::string& name) const;
  bool Bool(const std::string& name) const;
  int64_t Int(const std::string& name) const;
  std::chrono::milliseconds Duration(const std::string& name) const;
  // Precondition for these two: IsSet(name).
  const IpAddress& Ip(const std::string& name) const;
  const Cidr& CidrValue(const std::string& name) const;
  uint32_t Mode(const std::string& name) const;
  std::vector<std::string> List(const std::string& name) const;

 private:
  std::vector<FlagSpec> specs_;
  std::map<std::string, FlagValue> values_;
  bool help_requested_ = false;
  std::string config_file_;
};

}  // namespace k1s::cli
