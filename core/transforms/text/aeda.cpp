#include "core/transforms/text/aeda.h"

#include "core/transforms/text/wordedits.h"
#include "core/util/error.h"

#include <algorithm>
#include <array>

namespace augstudio::core {

namespace {
const std::array<const char*, 6> kAedaMarks = {".", ";", "?", ":", "!", ","};
} // namespace

Aeda::Aeda(const ParamSet& p) : ratio_(p.range("ratio")), protection_(p) {}

Values Aeda::draw(Rng& rng, const SampleInfo& info) const {
    nlohmann::json out = nlohmann::json::array();
    const TextSample* s = wordedits::textOf(info);
    const double ratio = rng.uniform(ratio_.lo, ratio_.hi);
    if (!s)
        return makeValues({{"ratio", ratio}, {"inserted", out}});
    const TokenizedText t(s->text);
    const TextLocks locks = protection_.locks(t, s->text);
    // As the reference: places before words (never after the last), distinct.
    std::vector<size_t> places;
    for (size_t at = 0; at < t.size(); ++at)
        if (!locks.points[at])
            places.push_back(at);
    if (places.empty())
        return makeValues({{"ratio", ratio}, {"inserted", out}});
    const auto most = int64_t(ratio * double(t.size())) + 1;
    const auto count = size_t(std::min<int64_t>(rng.integer(1, most), int64_t(places.size())));
    rng.shuffle(places);
    places.resize(count);
    std::sort(places.begin(), places.end());
    for (size_t at : places)
        out.push_back({{"at", at}, {"mark", kAedaMarks[size_t(rng.integer(0, 5))]}});
    return makeValues({{"ratio", ratio}, {"inserted", out}});
}

void Aeda::applyTo(TextSample& s, const Values& v) const {
    TokenizedText t(s.text);
    const nlohmann::json& inserted = v.at("inserted");
    // From the last place to the first, so the earlier places keep their word indices.
    for (auto it = inserted.rbegin(); it != inserted.rend(); ++it) {
        const nlohmann::json& at = it->at("at");
        if (!at.is_number_unsigned() || at.get<size_t>() > t.size())
            throw Error("inserted", "place " + at.dump() + " is outside the text");
        t.insert(at.get<size_t>(), it->at("mark").get<std::string>());
    }
    s.text = t.str();
}

TransformInfo Aeda::info() {
    std::vector<ParamSpec> params = {rangeParam(
        "ratio", 0.0, 0.3, 0.0, 1.0,
        "up to ratio x words + 1 marks are inserted; ratio drawn uniformly from [lo, hi]", {},
        0.01)};
    for (auto& spec : TextProtection::params())
        params.push_back(std::move(spec));
    return {"text.aeda",
            Modality::Text,
            "token",
            "AEDA: insert random punctuation marks (. ; ? : ! ,) between words; every word kept "
            "in order",
            std::move(params),
            0.5,
            factoryOf<Aeda>()};
}

} // namespace augstudio::core
