// Keras ImageDataGenerator keyword arguments as people paste them: Python keyword syntax
// ("rotation_range=20, horizontal_flip=True, rescale=1./255"), a dict(...) call, a Python
// dict literal or a JSON object, read by one small literal parser (never by text
// replacement, which would also rewrite "True" inside a string).
#include "core/catalog/presets.h"

#include "core/util/error.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

namespace augstudio::core {

namespace {

using json = nlohmann::json;

class PythonLiteralReader {
public:
    explicit PythonLiteralReader(const std::string& text) : s_(text) {}

    json arguments() {
        skipSpace();
        json out;
        if (peek() == '{') {
            out = value();
        } else {
            const bool call = s_.compare(pos_, 5, "dict(") == 0;
            if (call)
                pos_ += 5;
            out = keywords(call ? ')' : '\0');
            if (call)
                expect(')');
        }
        skipSpace();
        if (pos_ != s_.size())
            fail("unexpected '" + std::string(1, s_[pos_]) + "'");
        return out;
    }

private:
    const std::string& s_;
    size_t pos_ = 0;

    [[noreturn]] void fail(const std::string& what) const {
        throw PipelineError("keras arguments",
                            "at character " + std::to_string(pos_ + 1) + ": " + what);
    }
    char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
    void skipSpace() {
        while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_])))
            ++pos_;
    }
    void expect(char c) {
        skipSpace();
        if (peek() != c)
            fail(std::string("expected '") + c + "'");
        ++pos_;
    }
    bool isIdentifierChar(char c) const {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    }
    std::string identifier() {
        skipSpace();
        const size_t start = pos_;
        if (std::isdigit(static_cast<unsigned char>(peek())))
            fail("expected an argument name");
        while (pos_ < s_.size() && isIdentifierChar(s_[pos_]))
            ++pos_;
        if (pos_ == start)
            fail("expected an argument name");
        return s_.substr(start, pos_ - start);
    }

    // name=value, ... up to `close` (or the end of the text when close is '\0').
    json keywords(char close) {
        json out = json::object();
        for (;;) {
            skipSpace();
            if (peek() == close)
                return out;
            const std::string name = identifier();
            expect('=');
            if (out.contains(name))
                fail("argument '" + name + "' given twice");
            out[name] = value();
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            if (peek() != close)
                fail("expected ',' between arguments");
        }
    }

    json sequence(char close) {
        json out = json::array();
        for (;;) {
            skipSpace();
            if (peek() == close) {
                ++pos_;
                return out;
            }
            out.push_back(value());
            skipSpace();
            if (peek() == ',')
                ++pos_;
            else if (peek() != close)
                fail(std::string("expected ',' or '") + close + "'");
        }
    }

    json dictionary() {
        json out = json::object();
        for (;;) {
            skipSpace();
            if (peek() == '}') {
                ++pos_;
                return out;
            }
            const json key = value();
            if (!key.is_string())
                fail("dictionary keys must be strings");
            expect(':');
            out[key.get<std::string>()] = value();
            skipSpace();
            if (peek() == ',')
                ++pos_;
            else if (peek() != '}')
                fail("expected ',' or '}'");
        }
    }

    std::string quoted() {
        const char quote = s_[pos_++];
        std::string out;
        while (pos_ < s_.size() && s_[pos_] != quote) {
            char c = s_[pos_++];
            if (c == '\\' && pos_ < s_.size()) {
                const char e = s_[pos_++];
                c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
            }
            out += c;
        }
        if (pos_ >= s_.size())
            fail("unterminated string");
        ++pos_;
        return out;
    }

    // An int stays an int (Keras reads integer shift ranges as pixels); "1./255" divides.
    json number() {
        const size_t start = pos_;
        if (peek() == '+' || peek() == '-')
            ++pos_;
        bool isFloat = false;
        while (pos_ < s_.size()) {
            const char c = s_[pos_];
            if (std::isdigit(static_cast<unsigned char>(c))) {
                ++pos_;
            } else if (c == '.' || c == 'e' || c == 'E') {
                isFloat = true;
                ++pos_;
                if ((c == 'e' || c == 'E') && (peek() == '+' || peek() == '-'))
                    ++pos_;
            } else {
                break;
            }
        }
        const std::string text = s_.substr(start, pos_ - start);
        char* end = nullptr;
        json out;
        if (isFloat) {
            const double v = std::strtod(text.c_str(), &end);
            if (end != text.c_str() + text.size() || !std::isfinite(v))
                fail("'" + text + "' is not a number");
            out = v;
        } else {
            const long long v = std::strtoll(text.c_str(), &end, 10);
            if (text.empty() || end != text.c_str() + text.size())
                fail("'" + text + "' is not a number");
            out = int64_t(v);
        }
        skipSpace();
        if (peek() == '/') {
            ++pos_;
            skipSpace();
            const json divisor = number();
            if (!divisor.is_number() || divisor.get<double>() == 0)
                fail("division by zero");
            out = out.get<double>() / divisor.get<double>();
        }
        return out;
    }

    json value() {
        skipSpace();
        const char c = peek();
        if (c == '[') {
            ++pos_;
            return sequence(']');
        }
        if (c == '(') {
            ++pos_;
            return sequence(')');
        }
        if (c == '{') {
            ++pos_;
            return dictionary();
        }
        if (c == '\'' || c == '"')
            return quoted();
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+')
            return number();
        const std::string word = identifier();
        if (word == "True" || word == "true")
            return true;
        if (word == "False" || word == "false")
            return false;
        if (word == "None" || word == "null")
            return nullptr;
        fail("'" + word + "' is not a literal (numbers, strings, True, False, None, lists)");
    }
};

} // namespace

json parseKerasArguments(const std::string& text) {
    return PythonLiteralReader(text).arguments();
}

} // namespace augstudio::core
