#include "core/transforms/series/seriesmath.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace augstudio::core::seriesmath {

nlohmann::json drawKnotCurves(Rng& rng, int count, int knots, double sigma) {
    nlohmann::json curves = nlohmann::json::array();
    for (int i = 0; i < count; ++i) {
        nlohmann::json k = nlohmann::json::array();
        for (int j = 0; j < knots + 2; ++j)
            k.push_back(rng.normal(1.0, sigma));
        curves.push_back(k);
    }
    return {{"knots", curves}};
}

void makeDense(SeriesSample& s) {
    if (s.values.empty())
        return;
    if (s.values.type() != CV_64FC1) {
        cv::Mat m;
        s.values.reshape(1).convertTo(m, CV_64F);
        s.values = m;
    }
    if (!s.values.isContinuous())
        s.values = s.values.clone();
}

Stats stats(const double* data, int64_t n, int64_t stride) {
    Stats st;
    double sum = 0;
    st.min = std::numeric_limits<double>::infinity();
    st.max = -st.min;
    for (int64_t i = 0; i < n; ++i) {
        const double v = data[i * stride];
        if (!std::isfinite(v))
            continue;
        ++st.count;
        sum += v;
        st.min = std::min(st.min, v);
        st.max = std::max(st.max, v);
    }
    if (st.count == 0)
        return Stats{};
    st.mean = sum / double(st.count);
    // Two passes: the one-pass formula loses precision on series with a large offset.
    double ss = 0;
    for (int64_t i = 0; i < n; ++i) {
        const double v = data[i * stride];
        if (std::isfinite(v))
            ss += (v - st.mean) * (v - st.mean);
    }
    st.std = std::sqrt(ss / double(st.count));
    return st;
}

Stats statsAll(const cv::Mat& values) {
    if (values.empty())
        return {};
    CV_Assert(values.isContinuous() && values.type() == CV_64FC1);
    return stats(values.ptr<double>(), int64_t(values.total()), 1);
}

namespace {

constexpr int kMaxKnots = 130;

// One cubic piece around its left knot x0: a + b dx + c dx^2 + d dx^3, for the integer steps
// [first, end).
struct Piece {
    double x0, a, b, c, d;
    int64_t first, end;
    double at(int64_t t) const {
        const double dx = double(t) - x0;
        return a + dx * (b + dx * (c + dx * d));
    }
};

// The pieces of the natural cubic spline through `count` values evenly spaced over
// [0, n-1]; returns how many (count - 1, at most kMaxKnots - 1). n >= 2, count >= 2.
int splinePieces(const double* y, int count, int64_t n, std::array<Piece, kMaxKnots>& out) {
    const double h = double(n - 1) / double(count - 1);
    // Second derivatives M of the natural spline (M0 = M_{count-1} = 0): the tridiagonal
    // system M_{i-1} + 4 M_i + M_{i+1} = 6 (y_{i+1} - 2 y_i + y_{i-1}) / h^2, by Thomas.
    std::array<double, kMaxKnots> m{}, c{}, d{};
    const int k = std::min(count, kMaxKnots);
    for (int i = 1; i < k - 1; ++i) {
        const double rhs = 6.0 * (y[i + 1] - 2.0 * y[i] + y[i - 1]) / (h * h);
        const double denom = 4.0 - (i > 1 ? c[i - 1] : 0.0);
        c[i] = 1.0 / denom;
        d[i] = (rhs - (i > 1 ? d[i - 1] : 0.0)) / denom;
    }
    for (int i = k - 2; i >= 1; --i)
        m[i] = d[i] - c[i] * (i < k - 2 ? m[i + 1] : 0.0);
    int64_t t = 0;
    for (int seg = 0; seg < k - 1; ++seg) {
        Piece& p = out[size_t(seg)];
        p.x0 = seg * h;
        p.a = y[seg];
        p.b = (y[seg + 1] - y[seg]) / h - h * (2.0 * m[seg] + m[seg + 1]) / 6.0;
        p.c = m[seg] / 2.0;
        p.d = (m[seg + 1] - m[seg]) / (6.0 * h);
        const double x1 = seg == k - 2 ? double(n) : (seg + 1) * h;
        p.first = t;
        while (t < n && double(t) < x1)
            ++t;
        p.end = t;
    }
    return k - 1;
}

} // namespace

void splineCurve(const double* y, int count, int64_t n, double* out, int64_t stride) {
    if (n <= 0)
        return;
    if (count <= 1 || n == 1) {
        for (int64_t i = 0; i < n; ++i)
            out[i * stride] = count >= 1 ? y[0] : 1.0;
        return;
    }
    std::array<Piece, kMaxKnots> pieces;
    const int np = splinePieces(y, count, n, pieces);
    for (int seg = 0; seg < np; ++seg) {
        const Piece& p = pieces[size_t(seg)];
        for (int64_t t = p.first; t < p.end; ++t)
            out[t * stride] = p.at(t);
    }
}

double splinePeak(const double* y, int count, int64_t n, double origin) {
    if (n <= 0 || count <= 0)
        return 0.0;
    if (count == 1 || n == 1)
        return std::fabs(y[0] - origin);
    std::array<Piece, kMaxKnots> pieces;
    const int np = splinePieces(y, count, n, pieces);
    double peak = 0;
    for (int seg = 0; seg < np; ++seg) {
        const Piece& p = pieces[size_t(seg)];
        if (p.end <= p.first)
            continue;
        auto consider = [&](double x) {
            const int64_t lo = std::clamp<int64_t>(int64_t(std::floor(x)), p.first, p.end - 1);
            for (int64_t t : {lo, std::min(lo + 1, p.end - 1)})
                peak = std::max(peak, std::fabs(p.at(t) - origin));
        };
        consider(double(p.first));
        consider(double(p.end - 1));
        // The piece is monotone between the roots of b + 2c dx + 3d dx^2, so the largest
        // deviation on its integer steps is next to a root or at an end.
        const double qa = 3.0 * p.d, qb = 2.0 * p.c, qc = p.b;
        if (std::fabs(qa) < 1e-300) {
            if (std::fabs(qb) > 1e-300)
                consider(p.x0 - qc / qb);
        } else {
            const double disc = qb * qb - 4.0 * qa * qc;
            if (disc >= 0) {
                const double r = std::sqrt(disc);
                consider(p.x0 + (-qb - r) / (2.0 * qa));
                consider(p.x0 + (-qb + r) / (2.0 * qa));
            }
        }
    }
    return peak;
}

void curveMatrix(const nlohmann::json& knots, int64_t t, int64_t c, double* out) {
    const int64_t n = int64_t(knots.size());
    for (int64_t k = 0; k < c; ++k) {
        if (k < n) {
            const std::vector<double> y = numbers(knots[size_t(k)]);
            splineCurve(y.data(), int(y.size()), t, out + k, c);
        } else {
            for (int64_t i = 0; i < t; ++i)
                out[i * c + k] = k > 0 ? out[i * c + k - 1] : 1.0;
        }
    }
}

void channelRanges(const cv::Mat& values, double* min, double* max) {
    const int64_t t = values.rows, c = values.cols;
    for (int64_t k = 0; k < c; ++k) {
        min[k] = std::numeric_limits<double>::infinity();
        max[k] = -min[k];
    }
    const double* x = values.ptr<double>();
    for (int64_t i = 0; i < t; ++i, x += c)
        for (int64_t k = 0; k < c; ++k)
            if (std::isfinite(x[k])) {
                min[k] = std::min(min[k], x[k]);
                max[k] = std::max(max[k], x[k]);
            }
    for (int64_t k = 0; k < c; ++k)
        if (min[k] > max[k])
            min[k] = max[k] = std::numeric_limits<double>::quiet_NaN();
}

namespace {
inline double blend(double a, double b, double f) {
    const bool fa = !std::isnan(a), fb = !std::isnan(b);
    if (fa && fb)
        return a + f * (b - a);
    return f < 0.5 ? a : b; // next to a gap: nearest neighbour
}
} // namespace

namespace {
inline double sampleInline(const double* src, int64_t n, int64_t stride, double pos) {
    if (!(pos > 0.0))
        return src[0];
    if (pos >= double(n - 1))
        return src[(n - 1) * stride];
    const int64_t i = int64_t(pos);
    const double f = pos - double(i);
    const double a = src[i * stride];
    if (f == 0.0)
        return a;
    return blend(a, src[(i + 1) * stride], f);
}
} // namespace

double sampleAt(const double* src, int64_t n, int64_t stride, double pos) {
    if (n <= 0)
        return std::numeric_limits<double>::quiet_NaN();
    if (!(pos > 0.0))
        return src[0];
    if (pos >= double(n - 1))
        return src[(n - 1) * stride];
    const int64_t i = int64_t(pos);
    const double f = pos - double(i);
    const double a = src[i * stride];
    if (f == 0.0)
        return a;
    return blend(a, src[(i + 1) * stride], f);
}

void resampleLinear(const double* src, int64_t n, int64_t srcStride, double lo, double hi,
                    int64_t m, double* dst, int64_t dstStride) {
    if (m <= 0)
        return;
    if (m == 1) {
        dst[0] = sampleAt(src, n, srcStride, lo);
        return;
    }
    if (n <= 0)
        return;
    // lo + j * step is exact on integer grids (step 1), so an identity resampling is exact.
    const double step = (hi - lo) / double(m - 1);
    for (int64_t j = 0; j < m; ++j)
        dst[j * dstStride] = sampleInline(src, n, srcStride, lo + step * double(j));
}

void unwarp(const double* src, int64_t n, int64_t srcStride, const double* warp, double* dst,
            int64_t dstStride) {
    if (n <= 0)
        return;
    int64_t j = 0;
    for (int64_t t = 0; t < n; ++t) {
        const double x = double(t);
        double v;
        if (x <= warp[0]) {
            v = src[0];
        } else if (x >= warp[n - 1]) {
            v = src[(n - 1) * srcStride];
        } else {
            while (j + 1 < n - 1 && warp[j + 1] <= x)
                ++j;
            const double w = warp[j + 1] - warp[j];
            const double f = w > 0 ? (x - warp[j]) / w : 0.0;
            const double a = src[j * srcStride];
            v = f == 0.0 ? a : blend(a, src[(j + 1) * srcStride], f);
        }
        dst[t * dstStride] = v;
    }
}

double* scratch(int slot, size_t n) {
    thread_local std::array<std::vector<double>, 8> buffers;
    auto& b = buffers.at(size_t(slot));
    if (b.size() < n)
        b.resize(n);
    return b.data();
}

std::vector<double> numbers(const nlohmann::json& array) {
    std::vector<double> out;
    if (array.is_number()) {
        out.push_back(array.get<double>());
        return out;
    }
    out.reserve(array.size());
    for (const auto& v : array)
        out.push_back(v.get<double>());
    return out;
}

nlohmann::json toJson(const std::vector<double>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (double x : v)
        a.push_back(x);
    return a;
}

bool interpolateGaps(double* x, int64_t n) {
    int64_t previous = -1; // last finite index
    for (int64_t i = 0; i < n; ++i) {
        if (std::isnan(x[i]))
            continue;
        if (previous < 0)
            std::fill(x, x + i, x[i]);
        else
            for (int64_t k = previous + 1; k < i; ++k)
                x[k] = x[previous] +
                       (x[i] - x[previous]) * double(k - previous) / double(i - previous);
        previous = i;
    }
    if (previous < 0)
        return false;
    std::fill(x + previous + 1, x + n, x[previous]);
    return true;
}

} // namespace augstudio::core::seriesmath
