#pragma once

#include "core/random/rng.h"

#include <cstddef>

// Distributions the series transforms need beyond core/random, written on Rng so the same
// seed gives the same numbers everywhere (no std:: distributions).
namespace augstudio::core::seriesrandom {

// xoshiro256** inline, for the noise of one sample (tens of thousands of draws from a drawn
// seed): Rng::next is out of line, and this loop is what jitter and dropout spend their time
// in. Seeded through splitmix64 like Rng, so the stream is fixed by the seed everywhere.
class Stream {
public:
    explicit Stream(uint64_t seed) {
        for (auto& s : s_)
            s = splitmix64(seed);
    }
    uint64_t next() {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    double uniform() { return double(next() >> 11) * 0x1.0p-53; } // [0, 1)

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t s_[4];
};

// Fills out[0..n) with standard normals from `stream` (ziggurat, as fastNormal).
void fillNormal(Stream& stream, double* out, size_t n);

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
