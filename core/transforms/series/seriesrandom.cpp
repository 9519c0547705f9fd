#include "core/transforms/series/seriesrandom.h"

#include "core/random/distributions.h"
#include "core/random/ziggurat.h"

#include <array>
#include <cmath>

namespace augstudio::core::seriesrandom {

double fastNormal(Rng& rng) {
    return ziggurat::normal(rng);
}

void fillNormal(Rng& rng, double* out, size_t n) {
    const ziggurat::Table& z = ziggurat::table();
    for (size_t i = 0; i < n; ++i)
        out[i] = ziggurat::normal(rng, z);
}

void fillNormal(Stream& stream, double* out, size_t n) {
    const ziggurat::Table& z = ziggurat::table();
    for (size_t i = 0; i < n; ++i)
        out[i] = ziggurat::normal(stream, z);
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
