#pragma once

#include <cstdint>
#include <utility>
#include <vector>

// Dynamic time warping, the one implementation every DTW-based series transform uses.
// Series are row-major T x C arrays of doubles (a SeriesSample's matrix); the local cost of
// matching step i of `a` with step j of `b` is the squared Euclidean distance over the
// channels, and a path moves by (1, 0), (0, 1) or (1, 1) from (0, 0) to (n - 1, m - 1).
// The Sakoe-Chiba band keeps j within `band` steps of the diagonal scaled to the lengths:
// row i may use columns [floor(i m / n) - band, ceil((i + 1) m / n) - 1 + band], so every
// band (even 0) holds a path, and for n == m it is |i - j| <= band.
namespace augstudio::core::dtw {

// No band: every cell allowed.
constexpr int64_t kNoBand = -1;

// Whether cell (i, j) lies in the band of an n x m alignment.
bool inBand(int64_t i, int64_t j, int64_t n, int64_t m, int64_t band);
// The band in steps for a fraction of the longer length (rounded up; negative: none).
int64_t bandFor(double fraction, int64_t n, int64_t m);

struct Alignment {
    double cost = 0; // accumulated squared Euclidean cost along the path
    std::vector<std::pair<int64_t, int64_t>> path; // (i, j) from (0, 0) to (n - 1, m - 1)
};

// The least accumulated cost (0 for two empty series, infinity when only one is empty).
double distance(const double* a, int64_t n, const double* b, int64_t m, int64_t channels,
                int64_t band = kNoBand);
// The least-cost path and its cost; ties prefer the diagonal step, then (1, 0). Memory:
// one byte per cell of the band.
Alignment align(const double* a, int64_t n, const double* b, int64_t m, int64_t channels,
                int64_t band = kNoBand);

} // namespace augstudio::core::dtw
