// The string form of a label selector: lexer and recursive-descent parser
// following the grammar and the error wording of k8s.io/apimachinery's
// labels.Parse:
//   selector    ::= requirement | requirement "," selector
//   requirement ::= ["!"] KEY [ ("in" | "notin") "(" VALUES ")" | ("="|"=="|"!="|">"|"<") VALUE ]
// Blanks (space, tab, CR, LF) separate tokens; "in"/"notin" are keywords only
// where an operator is expected, so `in in (in)` is valid.
#include <string>
#include <vector>

#include "pkg/util/labels.h"

namespace k1s {

std::string LabelRequirementError(LabelRequirement& r);  // labels.cc

namespace {

enum class Tok {
  kIdentifier,
  kDoesNotExist,  // !
  kEquals,        // =
  kDoubleEquals,  // ==
  kNotEquals,     // !=
  kGreaterThan,   // >
  kLessThan,      // <
  kIn,            // in
  kNotIn,         // notin
  kOpenPar,
  kClosePar,
  kComma,
  kEnd,
};

struct Token {
  Tok tok;
  std::string lit;
};

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsSpecial(char c) {
  return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}

std::vector<Token> Lex(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (true) {
    while (i < s.size() && IsBlank(s[i])) ++i;
    if (i >= s.size()) break;
    char c = s[i];
    if (IsSpecial(c)) {
      bool eq_next = i + 1 < s.size() && s[i + 1] == '=';
      switch (c) {
        case '=':
          out.push_back(eq_next ? Token{Tok::kDoubleEquals, "=="} : Token{Tok::kEquals, "="});
          i += eq_next ? 2 : 1;
          break;
        case '!':
          out.push_back(eq_next ? Token{Tok::kNotEquals, "!="} : Token{Tok::kDoesNotExist, "!"});
          i += eq_next ? 2 : 1;
          break;
        case '(':
          out.push_back({Tok::kOpenPar, "("});
          ++i;
          break;
        case ')':
          out.push_back({Tok::kClosePar, ")"});
          ++i;
          break;
        case ',':
          out.push_back({Tok::kComma, ","});
          ++i;
          break;
        case '>':
          out.push_back({Tok::kGreaterThan, ">"});
          ++i;
          break;
        default:
          out.push_back({Tok::kLessThan, "<"});
          ++i;
          break;
      }
      continue;
    }
    size_t start = i;
    while (i < s.size() && !IsBlank(s[i]) && !IsSpecial(s[i])) ++i;
    std::string word(s.substr(start, i - start));
    Tok tok = word == "in" ? Tok::kIn : word == "notin" ? Tok::kNotIn : Tok::kIdentifier;
    out.push_back({tok, std::move(word)});
  }
  out.push_back({Tok::kEnd, ""});
  return out;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<std::vector<LabelRequirement>> Parse() {
    std::vector<LabelRequirement> reqs;
    while (true) {
      const Token& t = Peek(true);
      if (t.tok == Tok::kEnd) return reqs;
      if (t.tok != Tok::kIdentifier && t.tok != Tok::kDoesNotExist) {
        return Fail("found '" + t.lit + "', expected: !, identifier, or 'end of string'");
      }
      LabelRequirement r;
      if (std::string err = ParseRequirement(r); !err.empty()) {
        return Fail("unable to parse requirement: " + err);
      }
      reqs.push_back(std::move(r));
      const Token& after = Next(true);
      if (after.tok == Tok::kEnd) return reqs;
      if (after.tok != Tok::kComma) {
        return Fail("found '" + after.lit + "', expected: ',' or 'end of string'");
      }
      const Token& t2 = Peek(true);
      if (t2.tok != Tok::kIdentifier && t2.tok != Tok::kDoesNotExist) {
        return Fail("found '" + t2.lit + "', expected: identifier after ','");
      }
    }
  }

 private:
  static Status Fail(std::string msg) { return Status::BadRequest(std::move(msg)); }

  // In value position the keywords are plain identifiers.
  Token Normalize(const Token& t, bool values) const {
    if (values && (t.tok == Tok::kIn || t.tok == Tok::kNotIn)) return {Tok::kIdentifier, t.lit};
    return t;
  }
  Token Peek(bool values) const { return Normalize(tokens_[pos_], values); }
  Token Next(bool values) {
    Token t = Normalize(tokens_[pos_], values);
    if (pos_ + 1 < tokens_.size()) ++pos_;  // kEnd repeats
    return t;
  }

  // "" on success, otherwise the message.
  std::string ParseRequirement(LabelRequirement& r) {
    Token t = Next(true);
    bool negated = false;
    if (t.tok == Tok::kDoesNotExist) {
      negated = true;
      t = Next(true);
    }
    if (t.tok != Tok::kIdentifier) return "found '" + t.lit + "', expected: identifier";
    r.key = t.lit;
    if (auto errs = LabelKeyErrors(r.key); !errs.empty()) {
      std::string msg;
      for (const auto& e : errs) msg += (msg.empty() ? "" : "; ") + e;
      return "key: Invalid value: \"" + r.key + "\": " + msg;
    }
    Tok next = Peek(true).tok;
    if (negated || next == Tok::kEnd || next == Tok::kComma) {
      r.op = negated ? LabelOperator::kDoesNotExist : LabelOperator::kExists;
      return LabelRequirementError(r);
    }
    Token op = Next(false);
    std::string err;
    switch (op.tok) {
      case Tok::kIn:
        r.op = LabelOperator::kIn;
        err = ParseValues(r.values);
        break;
      case Tok::kNotIn:
        r.op = LabelOperator::kNotIn;
        err = ParseValues(r.values);
        break;
      case Tok::kEquals:
        r.op = LabelOperator::kEquals;
        err = ParseExactValue(r.values);
        break;
      case Tok::kDoubleEquals:
        r.op = LabelOperator::kDoubleEquals;
        err = ParseExactValue(r.values);
        break;
      case Tok::kNotEquals:
        r.op = LabelOperator::kNotEquals;
        err = ParseExactValue(r.values);
        break;
      case Tok::kGreaterThan:
        r.op = LabelOperator::kGreaterThan;
        err = ParseExactValue(r.values);
        break;
      case Tok::kLessThan:
        r.op = LabelOperator::kLessThan;
        err = ParseExactValue(r.values);
        break;
      default:
        return "found '" + op.lit + "', expected: in, notin, =, ==, !=, gt, lt";
    }
    if (!err.empty()) return err;
    return LabelRequirementError(r);
  }

  std::string ParseValues(std::vector<std::string>& values) {
    Token open = Next(true);
    if (open.tok != Tok::kOpenPar) return "found '" + open.lit + "' expected: '('";
    Token t = Peek(true);
    if (t.tok == Tok::kClosePar) {  // "()" is the set holding the empty value
      Next(true);
      values.push_back("");
      return "";
    }
    if (t.tok != Tok::kIdentifier && t.tok != Tok::kComma) {
      return "found '" + t.lit + "', expected: ',', ')' or identifier";
    }
    if (std::string err = ParseIdentifierList(values); !err.empty()) return err;
    Token close = Next(true);
    if (close.tok != Tok::kClosePar) return "found '" + close.lit + "', expected: ')'";
    return "";
  }

  // Comma-separated, possibly empty values: "(a,,b)" holds "", "(,a)" too.
  std::string ParseIdentifierList(std::vector<std::string>& values) {
    while (true) {
      Token t = Next(true);
      if (t.tok == Tok::kIdentifier) {
        values.push_back(t.lit);
        Token t2 = Peek(true);
        if (t2.tok == Tok::kComma) continue;
        if (t2.tok == Tok::kClosePar) return "";
        return "found '" + t2.lit + "', expected: ',' or ')'";
      }
      if (t.tok == Tok::kComma) {
        if (values.empty()) values.push_back("");
        Tok t2 = Peek(true).tok;
        if (t2 == Tok::kClosePar) {
          values.push_back("");
          return "";
        }
        if (t2 == Tok::kComma) {
          Next(true);
          values.push_back("");
        }
        continue;
      }
      return "found '" + t.lit + "', expected: ',', or identifier";
    }
  }

  std::string ParseExactValue(std::vector<std::string>& values) {
    Tok next = Peek(true).tok;
    if (next == Tok::kEnd || next == Tok::kComma) {
      values.push_back("");
      return "";
    }
    Token t = Next(true);
    if (t.tok != Tok::kIdentifier) return "found '" + t.lit + "', expected: identifier";
    values.push_back(t.lit);
    return "";
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace

Result<std::vector<LabelRequirement>> ParseLabelRequirements(std::string_view text) {
  return Parser(Lex(text)).Parse();
}

}  // namespace k1s
