#include "core/transforms/audio/airabsorption.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace augstudio::core {

namespace {
const std::array<double, 9> kOctaveCentres = {63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000};
} // namespace

AirAbsorption::AirAbsorption(const ParamSet& p)
    : distance_(p.range("distance_m")), humidity_(p.range("humidity")),
      temperature_(p.range("temperature_c")) {}

double AirAbsorption::absorptionDbPerMetre(double f, double celsius, double humidity) {
    const double t = celsius + 273.15, t0 = 293.15, t01 = 273.16;
    // Molar concentration of water vapour in percent from the relative humidity in percent
    // (pressure ratio 1).
    const double psat = std::pow(10.0, -6.8346 * std::pow(t01 / t, 1.261) + 4.6151);
    const double h = humidity * psat;
    const double frO = 24 + 4.04e4 * h * (0.02 + h) / (0.391 + h);
    const double frN = std::pow(t / t0, -0.5) *
                       (9 + 280 * h * std::exp(-4.170 * (std::pow(t / t0, -1.0 / 3) - 1)));
    const double f2 = f * f;
    return 8.686 * f2 *
           (1.84e-11 * std::sqrt(t / t0) +
            std::pow(t / t0, -2.5) * (0.01275 * std::exp(-2239.1 / t) / (frO + f2 / frO) +
                                      0.1068 * std::exp(-3352.0 / t) / (frN + f2 / frN)));
}

double AirAbsorption::attenuationDb(double hz, double metres, double celsius, double humidity) {
    auto band = [&](size_t k) {
        return absorptionDbPerMetre(kOctaveCentres[k], celsius, humidity) * metres;
    };
    if (hz <= kOctaveCentres.front())
        return band(0);
    if (hz >= kOctaveCentres.back())
        return band(kOctaveCentres.size() - 1);
    size_t k = 0;
    while (hz > kOctaveCentres[k + 1])
        ++k;
    const double u =
        std::log2(hz / kOctaveCentres[k]) / std::log2(kOctaveCentres[k + 1] / kOctaveCentres[k]);
    return band(k) + (band(k + 1) - band(k)) * u;
}

Values AirAbsorption::draw(Rng& rng, const SampleInfo&) const {
    const double distance = rng.uniform(distance_.lo, distance_.hi);
    const double humidity = rng.uniform(humidity_.lo, humidity_.hi);
    const double temperature = rng.uniform(temperature_.lo, temperature_.hi);
    return makeValues(
        {{"distance_m", distance}, {"humidity", humidity}, {"temperature_c", temperature}});
}

void AirAbsorption::applyTo(AudioSample& s, const Values& v) const {
    const int64_t n = s.frames();
    if (n < 2 || s.sampleRate <= 0)
        return;
    const double metres = v.at("distance_m").get<double>();
    const double humidity = v.at("humidity").get<double>();
    const double celsius = v.at("temperature_c").get<double>();
    // Zero padding keeps the (short, zero-phase) response from wrapping around the clip.
    const int size = cv::getOptimalDFTSize(int(n) + 4096);
    std::vector<double> gain(size_t(size / 2 + 1));
    for (size_t k = 0; k < gain.size(); ++k)
        gain[k] = std::pow(
            10.0, -attenuationDb(double(k) * s.sampleRate / size, metres, celsius, humidity) / 20);
    cv::Mat x(1, size, CV_64F), spectrum, y;
    for (auto& c : s.channels) {
        x.setTo(0);
        double* px = x.ptr<double>();
        for (int64_t i = 0; i < n; ++i)
            px[i] = c[size_t(i)];
        cv::dft(x, spectrum); // CCS packed: [Re0, Re1, Im1, ..., Re(N/2)]
        double* ps = spectrum.ptr<double>();
        ps[0] *= gain[0];
        for (int k = 1; k < (size + 1) / 2; ++k) {
            ps[2 * k - 1] *= gain[size_t(k)];
            ps[2 * k] *= gain[size_t(k)];
        }
        if (size % 2 == 0)
            ps[size - 1] *= gain[size_t(size / 2)];
        cv::idft(spectrum, y, cv::DFT_SCALE | cv::DFT_REAL_OUTPUT);
        const double* py = y.ptr<double>();
        for (int64_t i = 0; i < n; ++i)
            c[size_t(i)] = float(py[i]);
    }
}

TransformInfo AirAbsorption::info() {
    return {"audio.air_absorption",
            Modality::Audio,
            "spectral",
            "Frequency-dependent air attenuation over a drawn distance (ISO 9613-1 per octave "
            "band)",
            {rangeParam("distance_m", 10, 100, 0, 10000, "distance drawn uniformly from [lo, hi]",
                        "m", 1),
             rangeParam("humidity", 30, 90, 10, 100,
                        "relative humidity drawn uniformly from [lo, hi]", "%", 1),
             rangeParam("temperature_c", 10, 20, -20, 50,
                        "air temperature drawn uniformly from [lo, hi]", "°C", 0.5)},
            0.5,
            factoryOf<AirAbsorption>()};
}

} // namespace augstudio::core
