#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace augstudio::core {

// The values one step drew for one sample, e.g. {"angle": -12.4}: a short list of named
// entries, kept in key order (the order of a JSON object, so iteration and toJson agree).
// Every sample builds one per step, so it is flat: up to kInline entries live inside the
// object and only more spill to the heap; a number or bool entry allocates nothing (keys
// are short enough for the string's inline buffer), and an empty Values (a skipped step)
// allocates nothing at all. It becomes JSON only where it is recorded or shown.
class Values {
public:
    // One named value. The value is JSON because a few transforms draw lists or nested
    // records; numbers keep their JSON kind (integer, unsigned, float) so dumps match.
    struct Entry {
        std::string name;
        nlohmann::json data;
        const std::string& key() const { return name; }
        nlohmann::json& value() { return data; }
        const nlohmann::json& value() const { return data; }
    };
    static constexpr size_t kInline = 4;
    // One {"key", value} of a brace list. The value is mutable so the list constructor can
    // move it out (an initializer list's elements are const): a drawn list is copied once,
    // into the braces, not twice.
    struct Init {
        Init(std::string_view k, nlohmann::json v) : key(k), value(std::move(v)) {}
        std::string_view key;
        mutable nlohmann::json value;
    };

    Values() {}
    // {{"angle", a}, {"mode", "rms"}}; of repeated keys the first is kept, as in JSON.
    Values(std::initializer_list<Init> entries);
    Values(const Values& other);
    Values(Values&& other) noexcept;
    Values& operator=(const Values& other);
    Values& operator=(Values&& other) noexcept;
    ~Values() { clear(); }

    static Values object() { return {}; }

    bool empty() const { return size_ == 0; }
    size_t size() const { return size_; }

    const Entry* begin() const { return data(); }
    const Entry* end() const { return data() + size_; }
    Entry* begin() { return data(); }
    Entry* end() { return data() + size_; }
    // For code written against JSON objects: `for (const auto& e : v.items())`.
    const Values& items() const { return *this; }

    bool contains(std::string_view key) const { return find(key) != end(); }
    const Entry* find(std::string_view key) const;
    Entry* find(std::string_view key);
    // The value under `key`; a missing key throws nlohmann::json::out_of_range, as a JSON
    // object's at() does (callers that catch JSON errors keep working).
    const nlohmann::json& at(std::string_view key) const;
    nlohmann::json& at(std::string_view key);
    // Inserts a null entry when `key` is missing, as JSON does.
    nlohmann::json& operator[](std::string_view key);
    // Read only: a missing key reads as null (a const JSON object's [] would be undefined).
    const nlohmann::json& operator[](std::string_view key) const;

    // The value converted to T, or `fallback` when `key` is missing (JSON's value()).
    template <class T> T value(std::string_view key, const T& fallback) const {
        const Entry* e = find(key);
        return e == end() ? fallback : e->data.template get<T>();
    }
    std::string value(std::string_view key, const char* fallback) const {
        return value<std::string>(key, std::string(fallback));
    }

    // Sets `key` to `value`, replacing an earlier value.
    void set(std::string_view key, nlohmann::json value) { (*this)[key] = std::move(value); }
    // Removes `key`; returns how many entries went (0 or 1).
    size_t erase(std::string_view key);
    void clear();

    // A JSON object of the entries (what the manifest, the studio and --json show).
    nlohmann::json toJson() const;
    // Moves the entries into the JSON object.
    nlohmann::json takeJson() &&;
    // From a JSON object (replay, the studio, Python, the CLI); anything else throws
    // std::invalid_argument naming what it got.
    static Values fromJson(const nlohmann::json& j);
    static Values fromJson(nlohmann::json&& j);
    std::string dump(int indent = -1) const { return toJson().dump(indent); }

    friend bool operator==(const Values& a, const Values& b);

private:
    // Only the first size_ inline slots hold entries: an empty or small Values constructs,
    // moves and destroys no more than it holds.
    Entry* inlineData() { return std::launder(reinterpret_cast<Entry*>(inline_)); }
    const Entry* inlineData() const {
        return std::launder(reinterpret_cast<const Entry*>(inline_));
    }
    Entry* data() { return heap_.empty() ? inlineData() : heap_.data(); }
    const Entry* data() const { return heap_.empty() ? inlineData() : heap_.data(); }
    // Inserts at `key`'s place in key order, or, when `key` is there, leaves its value
    // unless `replace`.
    Entry& insert(std::string_view key, nlohmann::json&& value, bool replace);
    // Moves the inline entries of `other` (which is not on the heap) into this empty Values.
    void takeInline(Values& other) noexcept;

    alignas(Entry) unsigned char inline_[kInline * sizeof(Entry)];
    std::vector<Entry> heap_; // all entries once there are more than kInline
    uint32_t size_ = 0;
};

// Lets `nlohmann::json j = values;` and `{"values", values}` build the JSON object. There is
// deliberately no from_json: JSON becomes Values only through fromJson, so a list or number
// handed where values are expected does not compile (it would throw at run time).
void to_json(nlohmann::json& j, const Values& v);

// The values {"key": value, ...}; the same as Values's list constructor, kept for the
// transforms that call it.
inline Values makeValues(std::initializer_list<Values::Init> entries) {
    return Values(entries);
}

} // namespace augstudio::core
