#include "core/transforms/series/seriesmix.h"

#include "core/pipeline/partnerrefs.h"
#include "core/random/distributions.h"
#include "core/transforms/series/seriesmath.h"
#include "core/transforms/series/seriespartners.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

namespace {
struct PoolRef {
    std::string label;
    int64_t index = 0;
};

// Every pool series a sample of class `label` may take, labels in sorted order.
std::vector<PoolRef> poolCandidates(const SeriesPool& pool, const SeriesSample& s,
                                    PartnerClass which) {
    std::vector<PoolRef> out;
    for (const std::string& label : pool.labels()) {
        if ((which == PartnerClass::Same && label != s.label) ||
            (which == PartnerClass::Other && label == s.label))
            continue;
        for (int64_t i : seriespartners::candidates(pool, label, s.channelCount(), &s))
            out.push_back({label, i});
    }
    return out;
}

// The "partner" and "partners" entries of one drawn partner with soft-label weight `weight`.
void recordPartner(Values& v, const SeriesPool& pool, const PoolRef& ref, double weight) {
    v["partner"] = nlohmann::json::array({ref.label, ref.index});
    v["partners"] =
        nlohmann::json::array({makeValues({{"key", pool.key(ref.label, size_t(ref.index))},
                                           {"label", ref.label},
                                           {"weight", weight}})});
}

const SeriesSample* seriesSampleOf(const SampleInfo& info) {
    const auto* s = info.sample ? std::get_if<SeriesSample>(info.sample) : nullptr;
    return s && s->steps() > 0 && s->channelCount() > 0 ? s : nullptr;
}

// The partner a drawn "partner" names at the sample's shape, or empty (none, or another pool).
cv::Mat partnerFor(SeriesSample& s, const Values& v, const SeriesPool* pool) {
    seriesmath::makeDense(s);
    if (!v.contains("partner") || v.at("partner").is_null() || s.steps() == 0)
        return {};
    return seriespartners::partnerAt(pool, v.at("partner"), s.steps(), s.channelCount());
}
} // namespace

SeriesMixup::SeriesMixup(const ParamSet& p)
    : alpha_(p.f("alpha")), which_(partnerClassFromName(p.s("partner_class"))) {}

Values SeriesMixup::draw(Rng& rng, const SampleInfo& info) const {
    const double lambda = betaVariate(rng, alpha_, alpha_);
    Values v =
        makeValues({{"lambda", 1.0}, {"partner", nullptr}, {"partners", nlohmann::json::array()}});
    const SeriesSample* s = seriesSampleOf(info);
    const SeriesPool* pool = seriespartners::poolOf(info);
    if (!s || !pool)
        return v;
    const auto choices = poolCandidates(*pool, *s, which_);
    if (choices.empty())
        return v;
    const PoolRef& pick = choices[size_t(rng.integer(0, int64_t(choices.size()) - 1))];
    v["lambda"] = lambda;
    recordPartner(v, *pool, pick, 1.0 - lambda);
    return v;
}

void SeriesMixup::applyTo(SeriesSample&, const Values&) const {} // no run: no partner

void SeriesMixup::applyWith(Sample& sample, const Values& v, const RunContext& run) const {
    SeriesSample& s = seriespartners::seriesOf(sample);
    const cv::Mat partner = partnerFor(s, v, run.seriesPool.get());
    if (partner.empty())
        return;
    const double lambda = v.at("lambda").get<double>();
    double* x = s.values.ptr<double>();
    const double* p = partner.ptr<double>();
    for (size_t i = 0, n = s.values.total(); i < n; ++i)
        x[i] = lambda * x[i] + (1.0 - lambda) * p[i];
}

TransformInfo SeriesMixup::info() {
    return {
        "series.mixup",
        Modality::Series,
        "mix",
        "Interpolate with a partner series of the run (any class by default), lambda ~ "
        "Beta(alpha, alpha); soft label",
        {floatParam("alpha", 0.2, 0.01, 10.0, "Beta(alpha, alpha) weight of the sample", {}, 0.05),
         partnerrefs::classParam("any")},
        0.5,
        factoryOf<SeriesMixup>()};
}

SeriesCutmix::SeriesCutmix(const ParamSet& p)
    : alpha_(p.f("alpha")), which_(partnerClassFromName(p.s("partner_class"))) {}

Values SeriesCutmix::draw(Rng& rng, const SampleInfo& info) const {
    const double lambda = betaVariate(rng, alpha_, alpha_);
    Values v = makeValues({{"window", nlohmann::json::array({0, 0})},
                           {"partner", nullptr},
                           {"partners", nlohmann::json::array()}});
    const SeriesSample* s = seriesSampleOf(info);
    const SeriesPool* pool = seriespartners::poolOf(info);
    if (!s || !pool)
        return v;
    const int64_t t = s->steps();
    const int64_t length = std::clamp<int64_t>(std::llround((1.0 - lambda) * double(t)), 0, t);
    const int64_t start = rng.integer(0, t - length);
    const auto choices = poolCandidates(*pool, *s, which_);
    if (choices.empty() || length == 0)
        return v;
    const PoolRef& pick = choices[size_t(rng.integer(0, int64_t(choices.size()) - 1))];
    v["window"] = nlohmann::json::array({start, start + length});
    recordPartner(v, *pool, pick, double(length) / double(t));
    return v;
}

void SeriesCutmix::applyTo(SeriesSample&, const Values&) const {} // no run: no partner

void SeriesCutmix::applyWith(Sample& sample, const Values& v, const RunContext& run) const {
    SeriesSample& s = seriespartners::seriesOf(sample);
    const cv::Mat partner = partnerFor(s, v, run.seriesPool.get());
    if (partner.empty())
        return;
    const int64_t t = s.steps();
    const int64_t from = std::clamp<int64_t>(v.at("window")[0].get<int64_t>(), 0, t);
    const int64_t to = std::clamp<int64_t>(v.at("window")[1].get<int64_t>(), from, t);
    if (to > from)
        partner.rowRange(int(from), int(to)).copyTo(s.values.rowRange(int(from), int(to)));
}

TransformInfo SeriesCutmix::info() {
    return {"series.cutmix",
            Modality::Series,
            "mix",
            "Replace a window of (1 - lambda) T steps, lambda ~ Beta(alpha, alpha), by the "
            "partner's; soft label by the window's share",
            {floatParam("alpha", 1.0, 0.01, 10.0, "Beta(alpha, alpha) share kept by the sample", {},
                        0.05),
             partnerrefs::classParam("any")},
            0.5,
            factoryOf<SeriesCutmix>()};
}

SeriesSmote::SeriesSmote(const ParamSet& p)
    : k_(p.i("k")), dtw_(p.s("distance") == "dtw"), window_(p.f("window")) {}

Values SeriesSmote::draw(Rng& rng, const SampleInfo& info) const {
    Values v =
        makeValues({{"gap", 0.0}, {"partner", nullptr}, {"partners", nlohmann::json::array()}});
    const SeriesSample* s = seriesSampleOf(info);
    const SeriesPool* pool = seriespartners::poolOf(info);
    if (!s || !pool)
        return v;
    const auto choices = poolCandidates(*pool, *s, PartnerClass::Same);
    if (choices.empty())
        return v;
    const int64_t t = s->steps(), c = s->channelCount();
    const cv::Mat self = seriespartners::bridged(*s);
    std::vector<std::pair<double, size_t>> near;
    for (size_t i = 0; i < choices.size(); ++i) {
        const nlohmann::json ref = nlohmann::json::array({choices[i].label, choices[i].index});
        double d = 0;
        if (dtw_) {
            const auto series = pool->get(choices[i].label);
            const cv::Mat other = seriespartners::bridged((*series)[size_t(choices[i].index)]);
            d = seriespartners::distanceRows(self, other, window_);
        } else {
            const cv::Mat other = seriespartners::partnerAt(pool, ref, t, c);
            d = cv::norm(self, other, cv::NORM_L2);
        }
        near.emplace_back(d, i);
    }
    // Ties keep pool order, so the neighbours do not depend on the sort's implementation.
    std::stable_sort(near.begin(), near.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    const auto k = std::min<size_t>(size_t(std::max<int64_t>(k_, 1)), near.size());
    const PoolRef& pick = choices[near[size_t(rng.integer(0, int64_t(k) - 1))].second];
    const double gap = rng.uniform();
    v["gap"] = gap;
    recordPartner(v, *pool, pick, gap);
    return v;
}

void SeriesSmote::applyTo(SeriesSample&, const Values&) const {} // no run: no partner

void SeriesSmote::applyWith(Sample& sample, const Values& v, const RunContext& run) const {
    SeriesSample& s = seriespartners::seriesOf(sample);
    const cv::Mat partner = partnerFor(s, v, run.seriesPool.get());
    if (partner.empty())
        return;
    const double gap = v.at("gap").get<double>();
    double* x = s.values.ptr<double>();
    const double* p = partner.ptr<double>();
    for (size_t i = 0, n = s.values.total(); i < n; ++i)
        x[i] += gap * (p[i] - x[i]);
}

TransformInfo SeriesSmote::info() {
    return {"series.smote",
            Modality::Series,
            "mix",
            "Interpolate towards one of the k nearest series of the same class (SMOTE "
            "oversampling), Euclidean or DTW distance",
            {intParam("k", 5, 1, 100, "Neighbours to choose from"),
             enumParam("distance", "euclidean", {"euclidean", "dtw"},
                       "How near neighbours are measured"),
             floatParam("window", 0.1, 0.0, 1.0, "DTW band as a share of the length", {}, 0.05)},
            0.5,
            factoryOf<SeriesSmote>()};
}

} // namespace augstudio::core
