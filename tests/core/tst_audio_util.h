#pragma once
// Signals and measurements shared by the audio test suites (header only).

#include "core/sample/sample.h"

#include <opencv2/core.hpp>

#include <cmath>
#include <vector>

namespace audiotest {

using augstudio::core::AudioSample;

constexpr double kPi = 3.14159265358979323846;

inline std::vector<float> tone(double freq, int rate, int64_t frames, double amp = 0.5,
                               double phase = 0) {
    std::vector<float> v(static_cast<size_t>(frames));
    for (int64_t i = 0; i < frames; ++i)
        v[size_t(i)] = float(amp * std::sin(2 * kPi * freq * double(i) / rate + phase));
    return v;
}

inline AudioSample toneSample(double freq, int rate, int64_t frames, int channels = 1,
                              double amp = 0.5) {
    AudioSample s;
    s.sampleRate = rate;
    for (int c = 0; c < channels; ++c)
        s.channels.push_back(tone(freq, rate, frames, amp, 0.3 * c));
    return s;
}

inline double rms(const std::vector<float>& v, size_t from = 0, size_t to = size_t(-1)) {
    to = std::min(to, v.size());
    double sum = 0;
    for (size_t i = from; i < to; ++i)
        sum += double(v[i]) * v[i];
    return to > from ? std::sqrt(sum / double(to - from)) : 0.0;
}

// Magnitude spectrum of a Hann-windowed signal, bin k at k * rate / size.
inline std::vector<double> spectrum(const std::vector<float>& v) {
    const int n = int(v.size());
    cv::Mat x(1, n, CV_64F), X;
    for (int i = 0; i < n; ++i)
        x.at<double>(i) = v[size_t(i)] * (0.5 - 0.5 * std::cos(2 * kPi * i / n));
    cv::dft(x, X, cv::DFT_COMPLEX_OUTPUT);
    std::vector<double> mag(size_t(n / 2 + 1));
    for (int k = 0; k <= n / 2; ++k) {
        const cv::Vec2d b = X.at<cv::Vec2d>(k);
        mag[size_t(k)] = std::hypot(b[0], b[1]);
    }
    return mag;
}

// Frequency of the strongest component, refined by parabolic interpolation of the peak bin.
inline double peakFrequency(const std::vector<float>& v, int rate) {
    const std::vector<double> mag = spectrum(v);
    size_t best = 1;
    for (size_t k = 1; k + 1 < mag.size(); ++k)
        if (mag[k] > mag[best])
            best = k;
    double offset = 0;
    if (best > 0 && best + 1 < mag.size()) {
        const double a = std::log(mag[best - 1] + 1e-30), b = std::log(mag[best] + 1e-30),
                     c = std::log(mag[best + 1] + 1e-30);
        offset = 0.5 * (a - c) / (a - 2 * b + c);
    }
    return (double(best) + offset) * rate / double(v.size());
}

// Spectrum magnitude near `freq` (max over +-2 bins), for comparing components.
inline double magnitudeAt(const std::vector<float>& v, int rate, double freq) {
    const std::vector<double> mag = spectrum(v);
    const auto k = long(std::lround(freq * double(v.size()) / rate));
    double m = 0;
    for (long j = std::max(0L, k - 2); j <= std::min(long(mag.size()) - 1, k + 2); ++j)
        m = std::max(m, mag[size_t(j)]);
    return m;
}

} // namespace audiotest
