#include "ui/preview/audioanalysis.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>

namespace augstudio::ui {

AudioAnalysis analyseAudio(const core::AudioSample& audio, int buckets, int fftSize) {
    AudioAnalysis a;
    a.sampleRate = audio.sampleRate;
    a.frames = audio.frames();
    if (a.frames == 0 || a.sampleRate <= 0)
        return a;
    const std::vector<float>& x = audio.channels[0];
    const int64_t perBucket = std::max<int64_t>(1, (a.frames + buckets - 1) / buckets);
    a.bucketSeconds = double(perBucket) / a.sampleRate;
    for (int64_t start = 0; start < a.frames; start += perBucket) {
        const auto first = x.begin() + start;
        const auto last = x.begin() + std::min(a.frames, start + perBucket);
        const auto [lo, hi] = std::minmax_element(first, last);
        a.minima.push_back(*lo);
        a.maxima.push_back(*hi);
    }

    const int hop = fftSize / 2;
    a.hopSeconds = double(hop) / a.sampleRate;
    a.spectrogramRows = fftSize / 2 + 1;
    a.spectrogramColumns = int(std::max<int64_t>(1, (a.frames - fftSize) / hop + 1));
    a.spectrogramDb.assign(size_t(a.spectrogramColumns) * size_t(a.spectrogramRows), -120.f);
    std::vector<float> window(static_cast<size_t>(fftSize), 0.f);
    for (int i = 0; i < fftSize; ++i)
        window[size_t(i)] = float(0.5 - 0.5 * std::cos(2 * CV_PI * i / (fftSize - 1)));
    cv::Mat frame(1, fftSize, CV_32F), spectrum;
    for (int c = 0; c < a.spectrogramColumns; ++c) {
        const int64_t start = int64_t(c) * hop;
        for (int i = 0; i < fftSize; ++i) {
            const int64_t idx = start + i;
            frame.at<float>(0, i) = idx < a.frames ? x[size_t(idx)] * window[size_t(i)] : 0.f;
        }
        cv::dft(frame, spectrum, cv::DFT_COMPLEX_OUTPUT);
        const cv::Vec2f* bins = spectrum.ptr<cv::Vec2f>(0);
        for (int r = 0; r < a.spectrogramRows; ++r) {
            const float power = bins[r][0] * bins[r][0] + bins[r][1] * bins[r][1];
            a.spectrogramDb[size_t(c) * size_t(a.spectrogramRows) + size_t(r)] =
                10.f * std::log10(power + 1e-12f);
        }
    }
    return a;
}

} // namespace augstudio::ui
