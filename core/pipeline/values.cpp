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

Values::Values(std::initializer_list<std::pair<std::string_view, nlohmann::json>> entries) {
    if (entries.size() > kInline)
        heap_.reserve(entries.size());
    for (const auto& [key, value] : entries)
        if (!contains(key))
            insert(key, value);
}

Values::Values(const Values& other) : heap_(other.heap_), size_(other.size_) {
    if (heap_.empty())
        std::copy(other.inline_.begin(), other.inline_.begin() + size_, inline_.begin());
}

Values::Values(Values&& other) noexcept : heap_(std::move(other.heap_)), size_(other.size_) {
    if (heap_.empty())
        std::move(other.inline_.begin(), other.inline_.begin() + size_, inline_.begin());
    other.heap_.clear();
    other.size_ = 0;
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
    heap_ = std::move(other.heap_);
    size_ = other.size_;
    if (heap_.empty())
        std::move(other.inline_.begin(), other.inline_.begin() + size_, inline_.begin());
    other.heap_.clear();
    other.size_ = 0;
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
    return e != end() ? e->data : insert(key, nullptr).data;
}

const nlohmann::json& Values::operator[](std::string_view key) const {
    const Entry* e = find(key);
    return e != end() ? e->data : nullJson();
}

Values::Entry& Values::insert(std::string_view key, nlohmann::json value) {
    // Key order, as std::less<std::string> orders a JSON object's keys.
    const Entry* first = begin();
    const size_t at =
        size_t(std::find_if(first, first + size_,
                            [&](const Entry& e) { return std::string_view(e.name) > key; }) -
               first);
    if (heap_.empty() && size_ < kInline) {
        for (size_t i = size_; i > at; --i)
            inline_[i] = std::move(inline_[i - 1]);
        inline_[at].name.assign(key);
        inline_[at].data = std::move(value);
        ++size_;
        return inline_[at];
    }
    if (heap_.empty()) { // spill: from now on every entry is on the heap
        heap_.reserve(2 * kInline);
        for (size_t i = 0; i < size_; ++i)
            heap_.push_back(std::move(inline_[i]));
        for (Entry& e : inline_)
            e = Entry{};
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
        for (Entry* last = inline_.data() + size_ - 1; e != last; ++e)
            *e = std::move(*(e + 1));
        inline_[size_ - 1] = Entry{};
    }
    --size_;
    return 1;
}

void Values::clear() {
    for (size_t i = 0; i < size_ && heap_.empty(); ++i)
        inline_[i] = Entry{};
    heap_.clear();
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
        v.insert(key, value); // already in key order: each goes last
    return v;
}

Values Values::fromJson(nlohmann::json&& j) {
    if (!j.is_object())
        return fromJson(std::as_const(j)); // throws
    Values v;
    if (j.size() > kInline)
        v.heap_.reserve(j.size());
    for (auto& [key, value] : j.get_ref<nlohmann::json::object_t&>())
        v.insert(key, std::move(value));
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

void from_json(const nlohmann::json& j, Values& v) {
    v = Values::fromJson(j);
}

} // namespace augstudio::core
