#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace augstudio::core {

// xoshiro256** seeded through splitmix64, with the distributions written here so the same
// seed gives the same numbers with every standard library (std:: distributions do not).
class Rng {
public:
    explicit Rng(uint64_t seed);

    uint64_t next();
    double uniform();                        // [0, 1)
    double uniform(double lo, double hi);    // [lo, hi); lo when lo == hi
    int64_t integer(int64_t lo, int64_t hi); // inclusive, unbiased
    double normal(double mean = 0.0, double stddev = 1.0);
    bool bernoulli(double p);

    template <class T> void shuffle(std::vector<T>& v) {
        for (size_t i = v.size(); i > 1; --i)
            std::swap(v[i - 1], v[size_t(integer(0, int64_t(i) - 1))]);
    }

private:
    uint64_t s_[4];
};

uint64_t splitmix64(uint64_t& state);
uint64_t mixSeed(uint64_t a, uint64_t b);
uint64_t hashKey(std::string_view key); // FNV-1a 64
// The seed of one output: pipeline seed, the item's stable key, the copy index.
uint64_t deriveSeed(uint64_t pipelineSeed, std::string_view itemKey, uint64_t copyIndex);

} // namespace augstudio::core
