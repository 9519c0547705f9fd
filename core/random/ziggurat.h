#pragma once

#include <array>
#include <cmath>
#include <cstdint>

// Standard normal draws by Marsaglia and Tsang's ziggurat (128 layers, in double), on any
// generator with next() (64 random bits) and uniform() ([0, 1)): Rng, or an inline stream
// where a sample draws tens of thousands. Written on our generators, so the same seed gives
// the same numbers everywhere (no std:: distributions).
namespace augstudio::core::ziggurat {

inline constexpr int kLayers = 128;
inline constexpr double kR = 3.442619855899;      // start of the tail
inline constexpr double kV = 9.91256303526217e-3; // area of each layer

struct Table {
    std::array<double, kLayers + 1> x{};
    std::array<double, kLayers> ratio{};
};
const Table& table(); // built once

template <class Gen> double tail(Gen& rng, bool negative) {
    double x, y;
    do {
        x = std::log(1.0 - rng.uniform()) / kR;
        y = std::log(1.0 - rng.uniform());
    } while (-2.0 * y < x * x);
    return negative ? x - kR : kR - x;
}

template <class Gen> inline double normal(Gen& rng, const Table& z = table()) {
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

} // namespace augstudio::core::ziggurat
