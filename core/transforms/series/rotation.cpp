#include "core/transforms/series/rotation.h"

#include "core/transforms/series/seriesmath.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace augstudio::core {

SeriesRotation::SeriesRotation(const ParamSet& p)
    : rotate3d_(p.s("mode") == "rotate3d"), maxAngle_(p.f("max_angle")) {}

Values SeriesRotation::draw(Rng& rng, const SampleInfo& info) const {
    if (rotate3d_) {
        // A uniformly distributed axis: a normalised 3-D Gaussian vector.
        double a[3], norm = 0;
        do {
            norm = 0;
            for (double& x : a) {
                x = rng.normal();
                norm += x * x;
            }
        } while (norm < 1e-12);
        norm = std::sqrt(norm);
        return {{"axis", {a[0] / norm, a[1] / norm, a[2] / norm}},
                {"angle", rng.uniform(-maxAngle_, maxAngle_)}};
    }
    const int c = std::max(1, info.channels);
    std::vector<int> signs(static_cast<size_t>(c)), order(static_cast<size_t>(c));
    for (int& sgn : signs)
        sgn = rng.bernoulli(0.5) ? -1 : 1;
    std::iota(order.begin(), order.end(), 0);
    rng.shuffle(order);
    return {{"signs", signs}, {"order", order}};
}

void SeriesRotation::applyTo(SeriesSample& s, const Values& v) const {
    seriesmath::makeDense(s);
    const int64_t t = s.steps(), c = s.channelCount();
    if (t == 0 || c == 0)
        return;
    double* data = s.values.ptr<double>();
    if (v.contains("axis")) {
        const std::vector<double> a = seriesmath::numbers(v.at("axis"));
        const double th = v.at("angle").get<double>() * std::numbers::pi / 180.0;
        const double cs = std::cos(th), sn = std::sin(th), oc = 1.0 - cs;
        const double x = a.at(0), y = a.at(1), z = a.at(2);
        // Rodrigues' rotation matrix about the unit axis (x, y, z).
        const double r[3][3] = {{cs + x * x * oc, x * y * oc - z * sn, x * z * oc + y * sn},
                                {y * x * oc + z * sn, cs + y * y * oc, y * z * oc - x * sn},
                                {z * x * oc - y * sn, z * y * oc + x * sn, cs + z * z * oc}};
        // Each complete (x, y, z) triple rotates; leftover channels stay. A gap in one
        // component leaves the rotated vector unknown, so the triple's row becomes a gap.
        for (int64_t i = 0; i < t; ++i, data += c)
            for (int64_t k = 0; k + 3 <= c; k += 3) {
                const double p0 = data[k], p1 = data[k + 1], p2 = data[k + 2];
                for (int row = 0; row < 3; ++row)
                    data[k + row] = r[row][0] * p0 + r[row][1] * p1 + r[row][2] * p2;
            }
        return;
    }
    const auto signs = v.at("signs").get<std::vector<int>>();
    const auto order = v.at("order").get<std::vector<int64_t>>();
    if (int64_t(signs.size()) != c || int64_t(order.size()) != c)
        return; // drawn for another channel count (a replay on other data): leave it
    double* row = seriesmath::scratch(0, size_t(c));
    for (int64_t i = 0; i < t; ++i, data += c) {
        for (int64_t k = 0; k < c; ++k)
            row[k] = data[std::clamp<int64_t>(order[size_t(k)], 0, c - 1)];
        for (int64_t k = 0; k < c; ++k)
            data[k] = signs[size_t(k)] * row[k];
    }
}

TransformInfo SeriesRotation::info() {
    return {"series.rotation",
            Modality::Series,
            "channel",
            "Random sign flips and channel shuffle, or a random 3-D rotation of (x, y, z) triples",
            {enumParam("mode", "flip_shuffle", {"flip_shuffle", "rotate3d"},
                       "flip_shuffle: any channel count; rotate3d: sensor axes in triples"),
             floatParam("max_angle", 180.0, 0.0, 180.0,
                        "rotate3d: angle drawn from [-max_angle, max_angle]", "deg", 1.0)},
            0.5,
            factoryOf<SeriesRotation>()};
}

} // namespace augstudio::core
