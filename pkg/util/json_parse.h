#pragma once
// JSON text to nlohmann::json, faster than nlohmann's own parser on what the
// server reads all day: its own compact, ASCII, sorted-key output (stored
// objects, watch events, in-process request and response bodies).
//
// The result is always what `nlohmann::json::parse(text, nullptr, false)`
// gives: the same values, number types and duplicate-key rule (the last one
// wins), and a discarded value for text that is not JSON. Text the fast path
// is not certain about (non-ASCII bytes, surrogate escapes, big integers,
// deep nesting, any error) goes to nlohmann's parser, so its rules decide.
#include <string_view>

#include <nlohmann/json.hpp>

namespace k1s {

// Parses `text`; a discarded value (`is_discarded()`) if it is not JSON.
nlohmann::json ParseJson(std::string_view text);

}  // namespace k1s
