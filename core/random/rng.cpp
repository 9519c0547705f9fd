#include "core/random/rng.h"

#include <cmath>
#include <numbers>

namespace augstudio::core {

namespace {
inline uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}
} // namespace

uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

Rng::Rng(uint64_t seed) {
    for (auto& s : s_)
        s = splitmix64(seed);
}

uint64_t Rng::next() {
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

double Rng::uniform() {
    return double(next() >> 11) * 0x1.0p-53;
}

double Rng::uniform(double lo, double hi) {
    return lo == hi ? lo : lo + (hi - lo) * uniform();
}

int64_t Rng::integer(int64_t lo, int64_t hi) {
    if (hi <= lo)
        return lo;
    // In unsigned arithmetic: hi - lo overflows int64_t for ranges wider than INT64_MAX.
    const uint64_t span = uint64_t(hi) - uint64_t(lo) + 1;
    if (span == 0)
        return int64_t(next());
    // Rejection sampling removes the modulo bias.
    const uint64_t limit = UINT64_MAX - UINT64_MAX % span;
    uint64_t x;
    do {
        x = next();
    } while (x >= limit);
    return int64_t(uint64_t(lo) + x % span);
}

double Rng::normal(double mean, double stddev) {
    // Box-Muller without caching the second value, so each call consumes the same draws.
    double u1 = uniform();
    const double u2 = uniform();
    if (u1 < 1e-300)
        u1 = 1e-300;
    return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

bool Rng::bernoulli(double p) {
    if (p >= 1.0)
        return true;
    if (p <= 0.0)
        return false;
    return uniform() < p;
}

uint64_t mixSeed(uint64_t a, uint64_t b) {
    uint64_t state = a ^ (b * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL);
    splitmix64(state);
    return splitmix64(state);
}

uint64_t hashKey(std::string_view key) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : key) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t deriveSeed(uint64_t pipelineSeed, std::string_view itemKey, uint64_t copyIndex) {
    return mixSeed(mixSeed(pipelineSeed, hashKey(itemKey)), copyIndex);
}

} // namespace augstudio::core
