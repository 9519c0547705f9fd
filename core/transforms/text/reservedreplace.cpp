#include "core/transforms/text/reservedreplace.h"

#include "core/transforms/text/wordedits.h"
#include "core/util/error.h"

#include <algorithm>

namespace augstudio::core {

namespace {

std::string reservedTrim(std::string s) {
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t") + 1);
    return s;
}

std::vector<std::string> reservedSplit(const std::string& s, char by) {
    std::vector<std::string> out;
    size_t at = 0;
    while (at <= s.size()) {
        const size_t end = std::min(s.find(by, at), s.size());
        out.push_back(reservedTrim(s.substr(at, end - at)));
        at = end + 1;
    }
    return out;
}

} // namespace

ReservedReplace::ReservedReplace(const ParamSet& p) : rate_(p.f("rate")), protection_(p) {
    const std::string& table = p.s("reserved");
    for (const std::string& group : reservedSplit(table, ';')) {
        if (group.empty())
            continue;
        std::vector<std::string> members;
        for (std::string& m : reservedSplit(group, '|'))
            if (!m.empty() && TokenizedText(m).size() > 0)
                members.push_back(std::move(m));
        if (members.size() < 2)
            throw Error("reserved",
                        "group '" + group + "' needs at least two members separated by '|'");
        groups_.push_back(std::move(members));
    }
}

Values ReservedReplace::draw(Rng& rng, const SampleInfo& info) const {
    nlohmann::json out = nlohmann::json::array();
    const TextSample* s = wordedits::textOf(info);
    if (!s || groups_.empty())
        return makeValues({{"replaced", out}});
    const TokenizedText t(s->text);
    const TextLocks locks = protection_.locks(t, s->text);
    std::vector<std::string> lower(t.size());
    for (size_t i = 0; i < t.size(); ++i)
        lower[i] = asciiLower(t.word(i));
    for (size_t i = 0; i < t.size();) {
        // The longest member starting at word i, over every group.
        size_t bestWords = 0, bestGroup = 0, bestMember = 0;
        for (size_t g = 0; g < groups_.size(); ++g)
            for (size_t m = 0; m < groups_[g].size(); ++m) {
                const TokenizedText member(groups_[g][m]);
                const size_t k = member.size();
                if (k <= bestWords || i + k > t.size())
                    continue;
                bool same = true;
                for (size_t j = 0; j < k && same; ++j)
                    same = !locks.words[i + j] && lower[i + j] == asciiLower(member.word(j));
                if (same)
                    bestWords = k, bestGroup = g, bestMember = m;
            }
        if (bestWords == 0) {
            ++i;
            continue;
        }
        if (rng.bernoulli(rate_)) {
            // Another member: members spelt like the matched one in another case are the same.
            const auto& group = groups_[bestGroup];
            const std::string self = asciiLower(group[bestMember]);
            std::vector<size_t> others;
            for (size_t m = 0; m < group.size(); ++m)
                if (asciiLower(group[m]) != self)
                    others.push_back(m);
            if (!others.empty()) {
                const size_t pick = others[size_t(rng.integer(0, int64_t(others.size()) - 1))];
                std::string from = t.word(i);
                for (size_t j = 1; j < bestWords; ++j)
                    from += " " + t.word(i + j);
                out.push_back({{"at", i},
                               {"words", bestWords},
                               {"from", from},
                               {"to", wordedits::matchCase(from, group[pick])}});
            }
        }
        i += bestWords;
    }
    return makeValues({{"replaced", out}});
}

void ReservedReplace::applyTo(TextSample& s, const Values& v) const {
    TokenizedText t(s.text);
    const nlohmann::json& replaced = v.at("replaced");
    // Last first: a phrase replaced by one token shifts the indices after it.
    for (auto it = replaced.rbegin(); it != replaced.rend(); ++it) {
        const size_t at = it->at("at").get<size_t>();
        const size_t words = it->value("words", size_t(1));
        if (at + words > t.size() || words == 0)
            throw Error("replaced", "words " + std::to_string(at) + ".." +
                                        std::to_string(at + words) + " are outside the text");
        for (size_t j = words - 1; j > 0; --j)
            t.erase(at + j);
        t.replace(at, it->at("to").get<std::string>());
    }
    s.text = t.str();
}

TransformInfo ReservedReplace::info() {
    std::vector<ParamSpec> params = wordedits::withProtection(
        {stringParam("reserved", "",
                     "groups of interchangeable tokens or phrases: members separated by '|', "
                     "groups by ';' (e.g. 'FWD|forward; Inc|Incorporated|Corp')"),
         floatParam("rate", 1.0, 0.0, 1.0,
                    "probability that each occurrence of a member is replaced", {}, 0.05)});
    return {"text.reserved_replace",
            Modality::Text,
            "token",
            "Replace given tokens or phrases by user-given alternatives of their group",
            std::move(params),
            0.5,
            factoryOf<ReservedReplace>()};
}

} // namespace augstudio::core
