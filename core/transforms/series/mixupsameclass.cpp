#include "core/transforms/series/mixupsameclass.h"

#include "core/pipeline/seriespool.h"

#include "core/transforms/series/seriesmath.h"
#include "core/transforms/series/seriesrandom.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace augstudio::core {

namespace {
bool sameValues(const cv::Mat& a, const cv::Mat& b) {
    if (a.size() != b.size() || a.type() != b.type() || !a.isContinuous() || !b.isContinuous())
        return false;
    return std::memcmp(a.ptr(), b.ptr(), a.total() * a.elemSize()) == 0;
}
} // namespace

SeriesMixupSameClass::SeriesMixupSameClass(const ParamSet& p) : alpha_(p.f("alpha")) {}

Values SeriesMixupSameClass::draw(Rng& rng, const SampleInfo& info) const {
    const double b = seriesrandom::beta(rng, alpha_, alpha_);
    const double lambda = std::max(b, 1.0 - b);
    const auto* sample = info.sample ? std::get_if<SeriesSample>(info.sample) : nullptr;
    const SeriesPool* run = info.context ? info.context->seriesPool.get() : nullptr;
    const auto pool = sample && run ? run->get(sample->label) : nullptr;
    Values v = {{"lambda", lambda}, {"partner", nullptr}};
    if (!pool)
        return v;
    // Partners with the same channel count; the sample itself (an identical copy in the
    // pool) is skipped when another is available.
    std::vector<int64_t> candidates;
    for (size_t i = 0; i < pool->size(); ++i)
        if ((*pool)[i].channelCount() == info.channels && (*pool)[i].steps() > 0)
            candidates.push_back(int64_t(i));
    if (candidates.empty())
        return v;
    int64_t pick = rng.integer(0, int64_t(candidates.size()) - 1);
    if (candidates.size() > 1 &&
        sameValues((*pool)[size_t(candidates[size_t(pick)])].values, sample->values))
        pick = (pick + 1) % int64_t(candidates.size());
    v["partner"] = candidates[size_t(pick)];
    return v;
}

void SeriesMixupSameClass::applyTo(SeriesSample& s, const Values& v) const {
    mix(s, v, nullptr);
}

void SeriesMixupSameClass::applyWith(Sample& sample, const Values& v, const RunContext& run) const {
    auto* s = std::get_if<SeriesSample>(&sample);
    if (!s)
        throw std::invalid_argument("transform applied to a sample of another modality");
    mix(*s, v, run.seriesPool.get());
}

void SeriesMixupSameClass::mix(SeriesSample& s, const Values& v, const SeriesPool* run) const {
    seriesmath::makeDense(s);
    const nlohmann::json& partner = v.at("partner");
    const int64_t t = s.steps(), c = s.channelCount();
    if (partner.is_null() || t == 0 || c == 0)
        return;
    const auto pool = run ? run->get(s.label) : nullptr;
    const int64_t index = partner.get<int64_t>();
    if (!pool || index < 0 || index >= int64_t(pool->size()))
        return; // another run's pool, or none: nothing to mix with
    SeriesSample other = (*pool)[size_t(index)];
    seriesmath::makeDense(other);
    if (other.channelCount() != c || other.steps() == 0)
        return;
    const double lambda = v.at("lambda").get<double>();
    const int64_t tp = other.steps();
    double* mate = seriesmath::scratch(0, size_t(t));
    double* data = s.values.ptr<double>();
    const double* src = other.values.ptr<double>();
    for (int64_t k = 0; k < c; ++k) {
        // A partner of another length is resampled to this one over its whole span.
        seriesmath::resampleLinear(src + k, tp, c, 0.0, double(tp - 1), t, mate, 1);
        for (int64_t i = 0; i < t; ++i) {
            double& x = data[i * c + k];
            if (!std::isnan(mate[i])) // a gap in the partner leaves the value as it is
                x = lambda * x + (1.0 - lambda) * mate[i];
        }
    }
}

TransformInfo SeriesMixupSameClass::info() {
    return {"series.mixup_same_class",
            Modality::Series,
            "mix",
            "Interpolate with another series of the same class (partners from the run: the "
            "dataset being exported or previewed, the file's rows; unchanged when there is none)",
            {floatParam("alpha", 0.2, 0.01, 10.0,
                        "Beta(alpha, alpha) weight; lambda is folded to [0.5, 1]", {}, 0.05)},
            0.5,
            factoryOf<SeriesMixupSameClass>()};
}

} // namespace augstudio::core
