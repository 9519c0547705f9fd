#include "core/transforms/audio/vectorloops.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

// The build targets baseline x86-64 (SSE2); these loops are also compiled for AVX-512 and
// AVX2 and the variant is chosen at load time. No FMA, so every variant rounds identically.
// This file is compiled with -fno-trapping-math (see core/CMakeLists.txt): it changes no
// result, and lets the compiler turn the selects below into vector blends.
#if defined(__GNUC__) && defined(__x86_64__) && defined(__ELF__)
#define AUGSTUDIO_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define AUGSTUDIO_VECTOR_CLONES
#endif

namespace augstudio::core::dsp {

AUGSTUDIO_VECTOR_CLONES
void scale(float* x, size_t n, float gain) {
    for (size_t i = 0; i < n; ++i)
        x[i] *= gain;
}

AUGSTUDIO_VECTOR_CLONES
void negate(float* x, size_t n) {
    for (size_t i = 0; i < n; ++i)
        x[i] = -x[i];
}

// The reductions keep many independent partial results: one vector accumulator would make
// every step wait for the previous one (a 4-cycle latency for one add or max).
constexpr int kLanes = 32;

AUGSTUDIO_VECTOR_CLONES
double sumSquares(const float* x, size_t n) {
    double acc[kLanes / 2] = {};
    size_t i = 0;
    for (; i + kLanes / 2 <= n; i += kLanes / 2)
        for (int j = 0; j < kLanes / 2; ++j)
            acc[j] += double(x[i + j]) * x[i + j];
    for (int j = 0; i < n; ++i, ++j)
        acc[j] += double(x[i]) * x[i];
    for (int width = kLanes / 4; width >= 1; width /= 2)
        for (int j = 0; j < width; ++j)
            acc[j] += acc[j + width];
    return acc[0];
}

AUGSTUDIO_VECTOR_CLONES
float absMax(const float* x, size_t n) {
    float acc[kLanes] = {};
    size_t i = 0;
    for (; i + kLanes <= n; i += kLanes)
        for (int j = 0; j < kLanes; ++j) {
            const float a = std::fabs(x[i + j]);
            acc[j] = acc[j] < a ? a : acc[j];
        }
    for (int j = 0; i < n; ++i, ++j) {
        const float a = std::fabs(x[i]);
        acc[j] = acc[j] < a ? a : acc[j];
    }
    float m = 0;
    for (float a : acc)
        m = m < a ? a : m;
    return m;
}

AUGSTUDIO_VECTOR_CLONES
float minValue(const float* x, size_t n) {
    constexpr float kInf = std::numeric_limits<float>::infinity();
    float acc[kLanes];
    for (float& a : acc)
        a = kInf;
    size_t i = 0;
    for (; i + kLanes <= n; i += kLanes)
        for (int j = 0; j < kLanes; ++j)
            acc[j] = x[i + j] < acc[j] ? x[i + j] : acc[j];
    for (int j = 0; i < n; ++i, ++j)
        acc[j] = x[i] < acc[j] ? x[i] : acc[j];
    float m = kInf;
    for (float a : acc)
        m = a < m ? a : m;
    return m;
}

namespace {

constexpr double kShifter = 0x1.8p52; // adding it rounds to an integer held in the low bits
constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;

// exp(w) for |w| < 700, to about 1e-15 relative, in operations that vectorise: 2^k p(r) with
// k nearest to w / ln 2 (through the shifter, whose low bits then hold k, so 2^k is built
// with integer operations), r = w - k ln 2 in two parts and p the Taylor polynomial of
// degree 11 (below 1e-14 relative for |r| <= ln 2 / 2).
inline double expOf(double w) {
    constexpr double kLog2e = 1.4426950408889634;
    const double shifted = w * kLog2e + kShifter;
    const double k = shifted - kShifter;
    const double r = (w - k * kLn2Hi) - k * kLn2Lo;
    double p = 1.0 / 39916800;
    p = p * r + 1.0 / 3628800;
    p = p * r + 1.0 / 362880;
    p = p * r + 1.0 / 40320;
    p = p * r + 1.0 / 5040;
    p = p * r + 1.0 / 720;
    p = p * r + 1.0 / 120;
    p = p * r + 1.0 / 24;
    p = p * r + 1.0 / 6;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    const int64_t kBits = std::bit_cast<int64_t>(shifted) - std::bit_cast<int64_t>(kShifter);
    return p * std::bit_cast<double>((kBits + 1023) << 52);
}

// log(x) for normal x > 0, to about 1e-15 relative: x = 2^m f with f in [sqrt(1/2), sqrt(2)),
// log f = 2 atanh(s) with s = (f - 1) / (f + 1), |s| <= 0.172, as its series to s^17.
inline double logOf(double x) {
    const auto bits = std::bit_cast<int64_t>(x);
    const int64_t exponentField = bits >> 52;
    double f = std::bit_cast<double>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
    const bool halve = f > 1.4142135623730951;
    f = halve ? f * 0.5 : f;
    const double m =
        (std::bit_cast<double>(std::bit_cast<int64_t>(kShifter) + exponentField) - kShifter) -
        1023 + (halve ? 1.0 : 0.0);
    const double s = (f - 1) / (f + 1), s2 = s * s;
    double q = 1.0 / 17;
    q = q * s2 + 1.0 / 15;
    q = q * s2 + 1.0 / 13;
    q = q * s2 + 1.0 / 11;
    q = q * s2 + 1.0 / 9;
    q = q * s2 + 1.0 / 7;
    q = q * s2 + 1.0 / 5;
    q = q * s2 + 1.0 / 3;
    q = q * s2 + 1.0;
    return m * kLn2Hi + (m * kLn2Lo + 2 * s * q);
}

} // namespace

AUGSTUDIO_VECTOR_CLONES
void tanhScaled(float* x, size_t n, double gain) {
    // tanh(a) = (1 - e) / (1 + e) with e = exp(-2a), a = |z| <= 20 (tanh(20) is 1 in float):
    // good to about 1e-12 relative for a >= 2^-12, far below float rounding; smaller a use
    // the series a - a^3 / 3 + 2 a^5 / 15.
    for (size_t i = 0; i < n; ++i) {
        const double z = gain * double(x[i]);
        const double za = std::fabs(z);
        const double a = 20.0 < za ? 20.0 : za;
        const double e = expOf(-2 * a);
        const double big = (1 - e) / (1 + e);
        const double a2 = a * a;
        const double small = a - a * a2 * (1.0 / 3 - a2 * (2.0 / 15));
        x[i] = float(std::copysign(a < 0x1p-12 ? small : big, z));
    }
}

AUGSTUDIO_VECTOR_CLONES
void powers(float* out, int n, double exponent) {
    for (int j = 0; j < n; ++j)
        out[j] = float(expOf(exponent * logOf(double(j + 1))));
}

AUGSTUDIO_VECTOR_CLONES
void quantize(float* x, size_t n, float levels) {
    // In float, exactly: y = |x| levels is exact, so is its fraction y - floor(y), and
    // fractions from one half on round up. (y + 0.5 would not be exact: 0.49999997 + 0.5
    // rounds to 1.) From |x| >= 2^23 / levels on, y is already an integer and x stays (so do
    // NaN and inf).
    const float inverse = 1 / levels, limit = 0x1p23f / levels;
    for (size_t i = 0; i < n; ++i) {
        const float a = std::fabs(x[i]);
        const float y = a * levels;
        const float down = std::floor(y);
        const float r = down + (y - down >= 0.5f ? 1.0f : 0.0f);
        const float q = std::copysign(r * inverse, x[i]);
        x[i] = a < limit ? q : x[i];
    }
}

AUGSTUDIO_VECTOR_CLONES
void addScaled(float* x, const float* y, size_t n, double gain) {
    for (size_t i = 0; i < n; ++i)
        x[i] = float(x[i] + gain * y[i]);
}

} // namespace augstudio::core::dsp
