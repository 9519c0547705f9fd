#include "core/transforms/series/dtw.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace augstudio::core::dtw {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Columns [first, last] of row i.
std::pair<int64_t, int64_t> bandColumns(int64_t i, int64_t n, int64_t m, int64_t band) {
    if (band < 0)
        return {0, m - 1};
    const int64_t lo = (i * m) / n - band;
    const int64_t hi = ((i + 1) * m + n - 1) / n - 1 + band;
    return {std::max<int64_t>(0, lo), std::min(m - 1, hi)};
}

double localCost(const double* a, const double* b, int64_t channels) {
    double sum = 0;
    for (int64_t k = 0; k < channels; ++k) {
        const double d = a[k] - b[k];
        sum += d * d;
    }
    return sum;
}

// One pass over the band with two rolling rows of costs. With `steps`, records per cell
// which step reached it (0 diagonal, 1 from the row above, 2 from the left), in the band's
// row-by-row layout starting at rowStart[i].
double runDtw(const double* a, int64_t n, const double* b, int64_t m, int64_t channels,
              int64_t band, std::vector<uint8_t>* steps, std::vector<int64_t>* rowStart) {
    std::vector<double> previous(size_t(m), kInf), current(size_t(m), kInf);
    int64_t prevFirst = 0, prevLast = -1;
    for (int64_t i = 0; i < n; ++i) {
        const auto [first, last] = bandColumns(i, n, m, band);
        if (rowStart)
            rowStart->push_back(int64_t(steps->size()));
        for (int64_t j = first; j <= last; ++j) {
            double best = kInf;
            uint8_t step = 0;
            if (i == 0 && j == 0) {
                best = 0;
            } else {
                const bool above = i > 0 && j >= prevFirst && j <= prevLast;
                const bool diagonal = i > 0 && j > 0 && j - 1 >= prevFirst && j - 1 <= prevLast;
                if (diagonal)
                    best = previous[size_t(j - 1)];
                if (above && previous[size_t(j)] < best)
                    best = previous[size_t(j)], step = 1;
                if (j > first && current[size_t(j - 1)] < best)
                    best = current[size_t(j - 1)], step = 2;
            }
            current[size_t(j)] = best + localCost(a + i * channels, b + j * channels, channels);
            if (steps)
                steps->push_back(step);
        }
        std::swap(previous, current);
        prevFirst = first;
        prevLast = last;
    }
    return previous[size_t(m - 1)];
}

} // namespace

bool inBand(int64_t i, int64_t j, int64_t n, int64_t m, int64_t band) {
    if (i < 0 || j < 0 || i >= n || j >= m)
        return false;
    const auto [first, last] = bandColumns(i, n, m, band);
    return j >= first && j <= last;
}

int64_t bandFor(double fraction, int64_t n, int64_t m) {
    if (fraction < 0)
        return kNoBand;
    return int64_t(std::ceil(fraction * double(std::max(n, m))));
}

double distance(const double* a, int64_t n, const double* b, int64_t m, int64_t channels,
                int64_t band) {
    if (n == 0 || m == 0)
        return n == m ? 0.0 : kInf;
    return runDtw(a, n, b, m, channels, band, nullptr, nullptr);
}

Alignment align(const double* a, int64_t n, const double* b, int64_t m, int64_t channels,
                int64_t band) {
    Alignment out;
    if (n == 0 || m == 0) {
        out.cost = n == m ? 0.0 : kInf;
        return out;
    }
    std::vector<uint8_t> steps;
    std::vector<int64_t> rowStart;
    rowStart.reserve(size_t(n));
    out.cost = runDtw(a, n, b, m, channels, band, &steps, &rowStart);
    int64_t i = n - 1, j = m - 1;
    out.path.emplace_back(i, j);
    while (i > 0 || j > 0) {
        const int64_t first = bandColumns(i, n, m, band).first;
        const uint8_t step = steps[size_t(rowStart[size_t(i)] + j - first)];
        if (step == 0)
            --i, --j;
        else if (step == 1)
            --i;
        else
            --j;
        out.path.emplace_back(i, j);
    }
    std::reverse(out.path.begin(), out.path.end());
    return out;
}

} // namespace augstudio::core::dtw
