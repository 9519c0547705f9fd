#include "core/health/fingerprint.h"

#include "core/random/rng.h"

#include <opencv2/core.hpp>
#include <opencv2/img_hash.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace augstudio::core {

uint64_t imagePerceptualHash(const cv::Mat& image) {
    if (image.empty())
        return 0;
    cv::Mat eight = image;
    if (image.depth() != CV_8U) {
        double lo = 0, hi = 0;
        cv::minMaxLoc(image.reshape(1), &lo, &hi);
        const double scale = hi > lo ? 255.0 / (hi - lo) : 0.0;
        image.convertTo(eight, CV_8U, scale, -lo * scale);
    }
    if (eight.channels() == 4)
        cv::cvtColor(eight, eight, cv::COLOR_BGRA2BGR);
    else if (eight.channels() == 2)
        cv::extractChannel(eight, eight, 0);
    cv::Mat hash;
    cv::img_hash::pHash(eight, hash);
    uint64_t out = 0;
    std::memcpy(&out, hash.data, std::min<size_t>(sizeof out, hash.total() * hash.elemSize()));
    return out;
}

uint64_t audioFingerprint(const AudioSample& audio) {
    constexpr int kSegments = 4, kBands = 16, kWindow = 1024;
    const int64_t frames = audio.frames();
    if (frames == 0)
        return 0;
    std::vector<float> mono(size_t(frames), 0.0f);
    for (const auto& ch : audio.channels)
        for (int64_t i = 0; i < frames; ++i)
            mono[size_t(i)] += ch[size_t(i)];
    std::vector<double> cells;
    cells.reserve(kSegments * kBands);
    cv::Mat window(1, kWindow, CV_32F), spectrum;
    for (int seg = 0; seg < kSegments; ++seg) {
        // The window centred in its segment; clips shorter than a window are zero padded.
        const int64_t centre = (2 * seg + 1) * frames / (2 * kSegments);
        const int64_t start = centre - kWindow / 2;
        for (int i = 0; i < kWindow; ++i) {
            const int64_t at = start + i;
            const double hann = 0.5 - 0.5 * std::cos(2 * M_PI * i / (kWindow - 1));
            window.at<float>(i) = at >= 0 && at < frames ? float(mono[size_t(at)] * hann) : 0.0f;
        }
        cv::dft(window, spectrum, cv::DFT_COMPLEX_OUTPUT);
        for (int band = 0; band < kBands; ++band) {
            // Log-spaced bins 2..512 of the 1024-point spectrum.
            const int lo = int(2 * std::pow(256.0, double(band) / kBands));
            const int hi = int(2 * std::pow(256.0, double(band + 1) / kBands));
            double energy = 0;
            for (int k = lo; k < hi; ++k) {
                const cv::Vec2f c = spectrum.at<cv::Vec2f>(k);
                energy += double(c[0]) * c[0] + double(c[1]) * c[1];
            }
            cells.push_back(energy);
        }
    }
    std::vector<double> sorted = cells;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    const double median = sorted[sorted.size() / 2];
    // Cells 40 dB under the loudest are leakage, not content: a pure tone sets its band only.
    const double floor = *std::max_element(cells.begin(), cells.end()) * 1e-4;
    uint64_t bits = 0;
    for (size_t i = 0; i < cells.size(); ++i)
        if (cells[i] > median && cells[i] > floor)
            bits |= uint64_t(1) << i;
    return bits;
}

std::string normaliseText(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (unsigned char c : text) {
        if (c < 0x80 && std::isspace(c)) {
            space = !out.empty();
            continue;
        }
        // Bytes of multi-byte UTF-8 characters are kept as they are.
        if (c < 0x80 && std::ispunct(c))
            continue;
        if (space)
            out += ' ';
        space = false;
        out += char(c < 0x80 ? std::tolower(c) : c);
    }
    return out;
}

uint64_t sampleContentHash(const Sample& sample) {
    if (const auto* t = std::get_if<TextSample>(&sample))
        return hashKey(t->text);
    if (const auto* s = std::get_if<SeriesSample>(&sample)) {
        const cv::Mat m = s->values.isContinuous() ? s->values : s->values.clone();
        const uint64_t shape = mixSeed(uint64_t(m.rows), uint64_t(m.cols));
        return mixSeed(shape, hashKey(std::string_view(reinterpret_cast<const char*>(m.data),
                                                       m.total() * m.elemSize())));
    }
    if (const auto* a = std::get_if<AudioSample>(&sample)) {
        uint64_t h = uint64_t(a->sampleRate);
        for (const auto& ch : a->channels)
            h = mixSeed(h, hashKey(std::string_view(reinterpret_cast<const char*>(ch.data()),
                                                    ch.size() * sizeof(float))));
        return h;
    }
    const auto& image = std::get<ImageSample>(sample).image;
    const cv::Mat m = image.isContinuous() ? image : image.clone();
    const uint64_t shape = mixSeed(uint64_t(m.rows), mixSeed(uint64_t(m.cols), uint64_t(m.type())));
    return mixSeed(shape, hashKey(std::string_view(reinterpret_cast<const char*>(m.data),
                                                   m.total() * m.elemSize())));
}

int hammingDistance(uint64_t a, uint64_t b) {
    return std::popcount(a ^ b);
}

} // namespace augstudio::core
