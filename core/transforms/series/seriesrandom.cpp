#include "core/transforms/series/seriesrandom.h"

#include "core/random/distributions.h"

#include <array>
#include <cmath>

namespace augstudio::core::seriesrandom {

namespace {

constexpr int kLayers = 128;
constexpr double kR = 3.442619855899;      // start of the tail
constexpr double kV = 9.91256303526217e-3; // area of each layer

struct Ziggurat {
    std::array<double, kLayers + 1> x{};
    std::array<double, kLayers> ratio{};
    Ziggurat() {
        double f = std::exp(-0.5 * kR * kR);
        x[0] = kV / f; // the bottom layer, base plus tail, as a rectangle of equal area
        x[1] = kR;
        x[kLayers] = 0;
        for (int i = 2; i < kLayers; ++i) {
            x[i] = std::sqrt(-2.0 * std::log(kV / x[i - 1] + f));
            f = std::exp(-0.5 * x[i] * x[i]);
        }
        for (int i = 0; i < kLayers; ++i)
            ratio[i] = x[i + 1] / x[i];
    }
};

const Ziggurat& table() {
    static const Ziggurat z;
    return z;
}

template <class Gen> double tail(Gen& rng, bool negative) {
    double x, y;
    do {
        x = std::log(1.0 - rng.uniform()) / kR;
        y = std::log(1.0 - rng.uniform());
    } while (-2.0 * y < x * x);
    return negative ? x - kR : kR - x;
}

template <class Gen> inline double zig(Gen& rng, const Ziggurat& z) {
    for (;;) {
        const uint64_t bits = rng.next();
        // The top 53 bits make u in [-1, 1); the low 7 (unused by u) pick the layer.
        const double u = 2.0 * (double(bits >> 11) * 0x1.0p-53) - 1.0;
        const unsigned i = unsigned(bits & 0x7f);
        if (std::fabs(u) < z.ratio[i])
            return u * z.x[i];
        if (i == 0)
            return tail(rng, u < 0);
        const double xx = u * z.x[i];
        const double f0 = std::exp(-0.5 * (z.x[i] * z.x[i] - xx * xx));
        const double f1 = std::exp(-0.5 * (z.x[i + 1] * z.x[i + 1] - xx * xx));
        if (f1 + rng.uniform() * (f0 - f1) < 1.0)
            return xx;
    }
}

} // namespace

double fastNormal(Rng& rng) {
    return zig(rng, table());
}

void fillNormal(Rng& rng, double* out, size_t n) {
    const Ziggurat& z = table();
    for (size_t i = 0; i < n; ++i)
        out[i] = zig(rng, z);
}

void fillNormal(Stream& stream, double* out, size_t n) {
    const Ziggurat& z = table();
    for (size_t i = 0; i < n; ++i)
        out[i] = zig(stream, z);
}

double gamma(Rng& rng, double shape) {
    return gammaVariate(rng, shape);
}

double beta(Rng& rng, double a, double b) {
    return betaVariate(rng, a, b);
}

int64_t drawSeed(Rng& rng) {
    return int64_t(rng.next() >> 33);
}

} // namespace augstudio::core::seriesrandom
