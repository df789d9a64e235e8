#include "pkg/cli/parsed_flags.h"

namespace k1s::cli {

const FlagSpec* ParsedFlags::FindSpec(const std::string& name) const {
  for (const auto& spec : specs_) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

ParsedFlags::ParsedFlags(std::vector<FlagSpec> specs) : specs_(std::move(specs)) {
  for (const auto& spec : specs_) values_[spec.name] = FlagValue{};
}

// values_ holds every declared flag, so at() throwing means a caller asked
// for a flag the subcommand never declared: a bug, not a user error.
const FlagValue& ParsedFlags::Get(const std::string& name) const { return values_.at(name); }

FlagValue& ParsedFlags::Mutable(const std::string& name) { return values_.at(name); }

std::string ParsedFlags::String(const std::string& name) const {
  const Value& v = Get(name).value;
  return std::holds_alternative<std::monostate>(v) ? std::string() : std::get<std::string>(v);
}

bool ParsedFlags::Bool(const std::string& name) const {
  const Value& v = Get(name).value;
  return std::holds_alternative<std::monostate>(v) ? false : std::get<bool>(v);
}

int64_t ParsedFlags::Int(const std::string& name) const {
  return std::get<int64_t>(Get(name).value);
}

std::chrono::milliseconds ParsedFlags::Duration(const std::string& name) const {
  return std::get<std::chrono::milliseconds>(Get(name).value);
}

const IpAddress& ParsedFlags::Ip(const std::string& name) const {
  return std::get<IpAddress>(Get(name).value);
}

const Cidr& ParsedFlags::CidrValue(const std::string& name) const {
  return std::get<Cidr>(Get(name).value);
}

uint32_t ParsedFlags::Mode(const std::string& name) const {
  return std::get<FileMode>(Get(name).value).bits;
}

std::vector<std::string> ParsedFlags::List(const std::string& name) const {
  const Value& v = Get(name).value;
  return std::holds_alternative<std::monostate>(v) ? std::vector<std::string>()
                                                   : std::get<std::vector<std::string>>(v);
}

}  // namespace k1s::cli
