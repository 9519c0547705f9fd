#pragma once

#include "core/random/rng.h"

#include <cstddef>

// Distributions the series transforms need beyond core/random, written on Rng so the same
// seed gives the same numbers everywhere (no std:: distributions).
namespace augstudio::core::seriesrandom {

// A standard normal by the ziggurat method (Marsaglia & Tsang 2000, Doornik's ZIGNOR
// variant): one 64-bit draw per value in ~99% of the calls, the speed jitter needs for
// 30,000 values per series.
double fastNormal(Rng& rng);
// Fills out[0..n) with standard normals (fastNormal in order).
void fillNormal(Rng& rng, double* out, size_t n);
// Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 through Gamma(shape + 1) U^(1/shape).
double gamma(Rng& rng, double shape);
// Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
double beta(Rng& rng, double a, double b);
// A 31-bit seed: small enough to read in a manifest, plenty for noise streams.
int64_t drawSeed(Rng& rng);

} // namespace augstudio::core::seriesrandom
