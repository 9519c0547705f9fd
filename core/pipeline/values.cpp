#include "core/pipeline/values.h"

#include <algorithm>
#include <stdexcept>

namespace augstudio::core {

namespace {
const nlohmann::json& nullJson() {
    static const nlohmann::json null;
    return null;
}

[[noreturn]] void missing(std::string_view key) {
    // The exception a JSON object's at() throws, with its message.
    throw nlohmann::json::out_of_range::create(403, "key '" + std::string(key) + "' not found",
                                               static_cast<const nlohmann::json*>(nullptr));
}
} // namespace

Values::Values(std::initializer_list<Init> entries) {
    if (entries.size() > kInline)
        heap_.reserve(entries.size());
    for (const Init& e : entries)
        insert(e.key, std::move(e.value), false);
}

Values::Values(const Values& other) : heap_(other.heap_), size_(0) {
    if (!heap_.empty()) {
        size_ = other.size_;
        return;
    }
    const Entry* from = other.inlineData();
    for (; size_ < other.size_; ++size_)
        new (inlineData() + size_) Entry(from[size_]);
}

void Values::takeInline(Values& other) noexcept {
    Entry* from = other.inlineData();
    Entry* to = inlineData();
    for (uint32_t i = 0; i < other.size_; ++i) {
        new (to + i) Entry(std::move(from[i]));
        from[i].~Entry();
    }
    size_ = other.size_;
    other.size_ = 0;
}

Values::Values(Values&& other) noexcept {
    *this = std::move(other); // clearing an empty Values does nothing
}

Values& Values::operator=(const Values& other) {
    if (this != &other) {
        Values copy(other);
        *this = std::move(copy);
    }
    return *this;
}

Values& Values::operator=(Values&& other) noexcept {
    if (this == &other)
        return *this;
    clear();
    if (other.heap_.empty()) {
        takeInline(other);
    } else {
        heap_ = std::move(other.heap_);
        other.heap_.clear();
        size_ = other.size_;
        other.size_ = 0;
    }
    return *this;
}

const Values::Entry* Values::find(std::string_view key) const {
    // A linear scan: a step draws a handful of values, and comparing a few short keys is
    // cheaper than a search.
    const Entry* e = begin();
    for (const Entry* last = end(); e != last; ++e)
        if (e->name == key)
            return e;
    return e;
}

Values::Entry* Values::find(std::string_view key) {
    return const_cast<Entry*>(std::as_const(*this).find(key));
}

const nlohmann::json& Values::at(std::string_view key) const {
    const Entry* e = find(key);
    if (e == end())
        missing(key);
    return e->data;
}

nlohmann::json& Values::at(std::string_view key) {
    Entry* e = find(key);
    if (e == end())
        missing(key);
    return e->data;
}

nlohmann::json& Values::operator[](std::string_view key) {
    Entry* e = find(key);
    return e != end() ? e->data : insert(key, nlohmann::json(), false).data;
}

const nlohmann::json& Values::operator[](std::string_view key) const {
    const Entry* e = find(key);
    return e != end() ? e->data : nullJson();
}

Values::Entry& Values::insert(std::string_view key, nlohmann::json&& value, bool replace) {
    // Key order, as std::less<std::string> orders a JSON object's keys.
    Entry* first = data();
    size_t at = 0;
    for (; at < size_; ++at) {
        const int c = std::string_view(first[at].name).compare(key);
        if (c == 0) {
            if (replace)
                first[at].data = std::move(value);
            return first[at];
        }
        if (c > 0)
            break;
    }
    if (heap_.empty() && size_ < kInline) {
        Entry* slots = inlineData();
        if (at == size_) {
            new (slots + size_) Entry{std::string(key), std::move(value)};
        } else {
            new (slots + size_) Entry(std::move(slots[size_ - 1]));
            for (size_t i = size_ - 1; i > at; --i)
                slots[i] = std::move(slots[i - 1]);
            slots[at].name.assign(key);
            slots[at].data = std::move(value);
        }
        ++size_;
        return slots[at];
    }
    if (heap_.empty()) { // spill: from now on every entry is on the heap
        heap_.reserve(2 * kInline);
        Entry* slots = inlineData();
        for (size_t i = 0; i < size_; ++i) {
            heap_.push_back(std::move(slots[i]));
            slots[i].~Entry();
        }
    }
    auto it =
        heap_.insert(heap_.begin() + std::ptrdiff_t(at), Entry{std::string(key), std::move(value)});
    ++size_;
    return *it;
}

size_t Values::erase(std::string_view key) {
    Entry* e = find(key);
    if (e == end())
        return 0;
    if (!heap_.empty()) {
        heap_.erase(heap_.begin() + (e - heap_.data()));
    } else {
        Entry* last = inlineData() + size_ - 1;
        for (; e != last; ++e)
            *e = std::move(*(e + 1));
        last->~Entry();
    }
    --size_;
    return 1;
}

void Values::clear() {
    if (heap_.empty()) {
        Entry* slots = inlineData();
        for (uint32_t i = 0; i < size_; ++i)
            slots[i].~Entry();
    } else {
        heap_.clear();
    }
    size_ = 0;
}

nlohmann::json Values::toJson() const {
    nlohmann::json j(nlohmann::json::value_t::object);
    auto& object = j.get_ref<nlohmann::json::object_t&>();
    for (const Entry& e : *this)
        object.emplace_hint(object.end(), e.name, e.data);
    return j;
}

nlohmann::json Values::takeJson() && {
    nlohmann::json j(nlohmann::json::value_t::object);
    auto& object = j.get_ref<nlohmann::json::object_t&>();
    for (Entry& e : *this)
        object.emplace_hint(object.end(), std::move(e.name), std::move(e.data));
    clear();
    return j;
}

Values Values::fromJson(const nlohmann::json& j) {
    if (!j.is_object())
        throw std::invalid_argument(std::string("drawn values must be a JSON object, got ") +
                                    j.type_name());
    Values v;
    if (j.size() > kInline)
        v.heap_.reserve(j.size());
    for (const auto& [key, value] : j.items())
        v.insert(key, nlohmann::json(value), false); // already in key order: each goes last
    return v;
}

Values Values::fromJson(nlohmann::json&& j) {
    if (!j.is_object())
        return fromJson(std::as_const(j)); // throws
    Values v;
    if (j.size() > kInline)
        v.heap_.reserve(j.size());
    for (auto& [key, value] : j.get_ref<nlohmann::json::object_t&>())
        v.insert(key, std::move(value), false);
    return v;
}

bool operator==(const Values& a, const Values& b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) {
               return x.name == y.name && x.data == y.data;
           });
}

void to_json(nlohmann::json& j, const Values& v) {
    j = v.toJson();
}

} // namespace augstudio::core
