#include "core/transforms/series/frequencyperturbation.h"

#include "core/transforms/series/seriesmath.h"
#include "core/transforms/series/seriesrandom.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>

namespace augstudio::core {

SeriesFrequencyPerturbation::SeriesFrequencyPerturbation(const ParamSet& p)
    : amplitudeSigma_(p.f("amplitude_sigma")), phaseSigma_(p.f("phase_sigma")),
      segment_(p.range("segment")) {}

Values SeriesFrequencyPerturbation::draw(Rng& rng, const SampleInfo& info) const {
    // Bins 1 .. T/2 (bin 0 is the mean); the segment is a drawn fraction of them.
    const int64_t bins = info.frames / 2;
    const double fraction = rng.uniform(segment_.lo, segment_.hi);
    const int64_t width =
        std::clamp<int64_t>(std::llround(fraction * double(bins)), 1, std::max<int64_t>(1, bins));
    const int64_t first = 1 + rng.integer(0, std::max<int64_t>(0, bins - width));
    return makeValues(
        {{"first_bin", first}, {"bins", width}, {"seed", seriesrandom::drawSeed(rng)}});
}

void SeriesFrequencyPerturbation::applyTo(SeriesSample& s, const Values& v) const {
    seriesmath::makeDense(s);
    const int64_t t = s.steps(), c = s.channelCount();
    if (t < 2 || c == 0)
        return;
    const int64_t first = v.at("first_bin").get<int64_t>();
    const int64_t last = std::min(t / 2, first + v.at("bins").get<int64_t>() - 1);
    if (first < 1 || last < first)
        return;
    seriesrandom::Stream noise(uint64_t(v.at("seed").get<int64_t>()));
    const auto count = size_t(last - first + 1);
    std::vector<double> z(2 * count);
    double* data = s.values.ptr<double>();
    cv::Mat x(1, int(t), CV_64F), spectrum, back;
    for (int64_t k = 0; k < c; ++k) {
        seriesrandom::fillNormal(noise, z.data(), z.size()); // every channel draws its noise
        double* px = x.ptr<double>();
        for (int64_t i = 0; i < t; ++i)
            px[i] = data[i * c + k];
        if (!seriesmath::interpolateGaps(px, t))
            continue;
        // The real transform, packed (CCS: Re0, Re1, Im1, Re2, Im2, ..., and Re(T/2) last for an
        // even T): half the work of a complex one, and the mirrored bins need no writing.
        cv::dft(x, spectrum);
        double* packed = spectrum.ptr<double>();
        for (int64_t b = first; b <= last; ++b) {
            const double scale = std::max(0.0, 1 + amplitudeSigma_ * z[size_t(b - first)]);
            if (2 * b == t) { // the Nyquist bin of an even length stays real: scaled only
                packed[t - 1] *= scale;
                continue;
            }
            // Amplitude times `scale`, phase plus the drawn offset: one rotation of the bin.
            const double offset = phaseSigma_ * z[count + size_t(b - first)];
            const double cr = scale * std::cos(offset), ci = scale * std::sin(offset);
            double& re = packed[2 * b - 1];
            double& im = packed[2 * b];
            const double r = re, i = im;
            re = r * cr - i * ci;
            im = r * ci + i * cr;
        }
        cv::dft(spectrum, back, cv::DFT_INVERSE | cv::DFT_SCALE | cv::DFT_REAL_OUTPUT);
        const double* pb = back.ptr<double>();
        for (int64_t i = 0; i < t; ++i)
            if (!std::isnan(data[i * c + k]))
                data[i * c + k] = pb[i];
    }
}

TransformInfo SeriesFrequencyPerturbation::info() {
    return {
        "series.frequency_perturbation",
        Modality::Series,
        "spectral",
        "Perturb the amplitude and phase of the Fourier spectrum in a drawn segment of "
        "frequencies (RobustTAD)",
        {floatParam("amplitude_sigma", 0.3, 0, 5,
                    "relative standard deviation of the amplitude noise of each bin", {}, 0.05),
         floatParam("phase_sigma", 0.3, 0, 3.14159,
                    "standard deviation of the phase noise of each bin", "rad", 0.05),
         rangeParam("segment", 0.05, 0.2, 0, 1,
                    "perturbed bins as a fraction of the spectrum, drawn from [lo, hi]", {}, 0.01)},
        0.5,
        factoryOf<SeriesFrequencyPerturbation>()};
}

} // namespace augstudio::core
