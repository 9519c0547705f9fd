#pragma once

#include "core/random/rng.h"

#include <cstdint>

// Distributions beyond Rng's own, written on Rng so the same seed gives the same numbers
// with every standard library (no std:: distributions). Shared by every modality.
namespace augstudio::core {

// Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 through Gamma(shape + 1) U^(1/shape).
double gammaVariate(Rng& rng, double shape);
// Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
double betaVariate(Rng& rng, double a, double b);
// Laplace(mean, scale) by inverting its CDF.
double laplaceVariate(Rng& rng, double mean, double scale);
// Poisson(lambda): multiplication of uniforms (Knuth) up to lambda 30, the rounded normal
// approximation above (its error there is below the 8-bit quantisation of shot noise).
int64_t poissonVariate(Rng& rng, double lambda);

} // namespace augstudio::core
