#include "core/strength/similarity.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/quality/qualityssim.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace augstudio::core {

namespace {

std::vector<std::string_view> wordsOf(std::string_view text) {
    std::vector<std::string_view> words;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
        const size_t start = i;
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
        if (i > start)
            words.push_back(text.substr(start, i - start));
    }
    return words;
}

// 8-bit with the original's channel count, so SSIM's constants (set for 0..255) fit.
cv::Mat asEightBit(const cv::Mat& m, int channels) {
    cv::Mat out = m;
    if (m.depth() == CV_16U)
        m.convertTo(out, CV_8U, 1.0 / 257.0);
    else if (m.depth() == CV_32F || m.depth() == CV_64F)
        m.convertTo(out, CV_8U, 255.0);
    else if (m.depth() != CV_8U)
        m.convertTo(out, CV_8U);
    if (out.channels() != channels) {
        if (channels == 1)
            cv::cvtColor(out, out, out.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
        else if (out.channels() == 1)
            cv::cvtColor(out, out, channels == 4 ? cv::COLOR_GRAY2BGRA : cv::COLOR_GRAY2BGR);
        else
            cv::cvtColor(out, out, channels == 4 ? cv::COLOR_BGR2BGRA : cv::COLOR_BGRA2BGR);
    }
    return out;
}

double imageSimilarity(const cv::Mat& original, const cv::Mat& augmented) {
    if (original.empty() || augmented.empty())
        return original.empty() && augmented.empty() ? 1.0 : 0.0;
    const int channels = original.channels();
    const cv::Mat a = asEightBit(original, channels);
    cv::Mat b = asEightBit(augmented, channels);
    if (b.size() != a.size())
        cv::resize(b, b, a.size(), 0, 0, cv::INTER_AREA);
    const cv::Scalar ssim = cv::quality::QualitySSIM::compute(a, b, cv::noArray());
    double sum = 0;
    for (int c = 0; c < std::min(channels, 4); ++c)
        sum += ssim[c];
    return sum / std::min(channels, 4);
}

double audioSimilarity(const AudioSample& a, const AudioSample& b) {
    double signal = 0, noise = 0;
    const size_t channels = std::min(a.channels.size(), b.channels.size());
    for (size_t c = 0; c < channels; ++c) {
        const size_t n = std::min(a.channels[c].size(), b.channels[c].size());
        for (size_t i = 0; i < n; ++i) {
            const double x = a.channels[c][i], d = x - b.channels[c][i];
            signal += x * x;
            noise += d * d;
        }
    }
    if (noise == 0)
        return kIdenticalSnrDb;
    if (signal == 0)
        return -kIdenticalSnrDb;
    return std::clamp(10.0 * std::log10(signal / noise), -kIdenticalSnrDb, kIdenticalSnrDb);
}

double seriesSimilarity(const SeriesSample& a, const SeriesSample& b) {
    const int rows = a.values.rows, cols = std::min(a.values.cols, b.values.cols);
    if (rows == 0 || b.values.rows == 0 || cols == 0)
        return 0.0;
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    int64_t n = 0;
    for (int r = 0; r < rows; ++r) {
        // The augmented row at the same relative time, linearly interpolated.
        const double at = rows > 1 ? double(r) * (b.values.rows - 1) / (rows - 1) : 0.0;
        const int r0 = int(std::floor(at)), r1 = std::min(r0 + 1, b.values.rows - 1);
        const double w = at - r0;
        for (int c = 0; c < cols; ++c) {
            const double x = a.values.at<double>(r, c);
            const double y = (1 - w) * b.values.at<double>(r0, c) + w * b.values.at<double>(r1, c);
            if (std::isnan(x) || std::isnan(y))
                continue;
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
            ++n;
        }
    }
    if (n == 0)
        return 0.0;
    const double vx = sxx - sx * sx / n, vy = syy - sy * sy / n, cxy = sxy - sx * sy / n;
    if (vx <= 1e-300 || vy <= 1e-300)
        return samplesEqual(Sample(a), Sample(b)) ? 1.0 : 0.0;
    return std::clamp(cxy / std::sqrt(vx * vy), -1.0, 1.0);
}

bool matsEqual(const cv::Mat& a, const cv::Mat& b) {
    if (a.size() != b.size() || a.type() != b.type())
        return false;
    const size_t rowBytes = size_t(a.cols) * a.elemSize();
    for (int r = 0; r < a.rows; ++r)
        if (std::memcmp(a.ptr(r), b.ptr(r), rowBytes) != 0)
            return false;
    return true;
}

} // namespace

int64_t wordEditDistance(std::string_view a, std::string_view b) {
    const auto wa = wordsOf(a), wb = wordsOf(b);
    std::vector<int64_t> prev(wb.size() + 1), cur(wb.size() + 1);
    for (size_t j = 0; j <= wb.size(); ++j)
        prev[j] = int64_t(j);
    for (size_t i = 1; i <= wa.size(); ++i) {
        cur[0] = int64_t(i);
        for (size_t j = 1; j <= wb.size(); ++j)
            cur[j] = std::min(
                {prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (wa[i - 1] == wb[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[wb.size()];
}

bool samplesEqual(const Sample& a, const Sample& b) {
    if (a.index() != b.index())
        return false;
    if (const auto* i = std::get_if<ImageSample>(&a))
        return matsEqual(i->image, std::get<ImageSample>(b).image);
    if (const auto* s = std::get_if<AudioSample>(&a)) {
        const auto& t = std::get<AudioSample>(b);
        return s->sampleRate == t.sampleRate && s->channels == t.channels;
    }
    if (const auto* s = std::get_if<SeriesSample>(&a))
        return matsEqual(s->values, std::get<SeriesSample>(b).values); // bytes: NaN == NaN
    return std::get<TextSample>(a).text == std::get<TextSample>(b).text;
}

double sampleSimilarity(const Sample& original, const Sample& augmented) {
    if (original.index() != augmented.index())
        return 0.0;
    if (const auto* i = std::get_if<ImageSample>(&original))
        return imageSimilarity(i->image, std::get<ImageSample>(augmented).image);
    if (const auto* a = std::get_if<AudioSample>(&original))
        return audioSimilarity(*a, std::get<AudioSample>(augmented));
    if (const auto* s = std::get_if<SeriesSample>(&original))
        return seriesSimilarity(*s, std::get<SeriesSample>(augmented));
    const auto& ta = std::get<TextSample>(original).text;
    const auto& tb = std::get<TextSample>(augmented).text;
    const size_t words = std::max(wordsOf(ta).size(), wordsOf(tb).size());
    if (words == 0)
        return 1.0;
    return 1.0 - double(wordEditDistance(ta, tb)) / double(words);
}

const char* similarityName(Modality modality) {
    switch (modality) {
    case Modality::Image:
        return "ssim";
    case Modality::Audio:
        return "snr_db";
    case Modality::Series:
        return "correlation";
    case Modality::Text:
        return "word_similarity";
    }
    return "";
}

double defaultMinSimilarity(Modality modality) {
    switch (modality) {
    case Modality::Audio:
        return 10.0;
    default:
        return 0.5;
    }
}

} // namespace augstudio::core
