#pragma once

#include <cstddef>

namespace augstudio::core::dsp {

// Loops over one channel's samples, each also built for AVX-512 and AVX2 and picked at run
// time where the compiler supports it. Every variant computes the same bits: no FMA
// contraction, and sums in one fixed order of partial sums.
void scale(float* x, size_t n, float gain);  // x *= gain
void negate(float* x, size_t n);             // x = -x (the sign bit flipped, NaN too)
double sumSquares(const float* x, size_t n); // sum of double(x)^2
float absMax(const float* x, size_t n);      // max |x| (NaN ignored), 0 when empty
float minValue(const float* x, size_t n);    // min x (NaN ignored), +inf when empty
// x = float(tanh(gain * double(x))), within one float ulp of std::tanh computed in double.
void tanhScaled(float* x, size_t n, double gain);
// out[j] = float((j + 1)^exponent) for j < n, |exponent log n| < 700, a few double ulps from
// std::pow.
void powers(float* out, int n, double exponent);
// x = round(x * levels) / levels (halves away from zero, as std::round), levels a power of
// two in [1, 2^23]; bit-exact with doing it in double.
void quantize(float* x, size_t n, float levels);
// x += gain * y, in double and rounded once.
void addScaled(float* x, const float* y, size_t n, double gain);

} // namespace augstudio::core::dsp
