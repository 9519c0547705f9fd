#include "core/transforms/audio/spectrogrammask.h"

#include "core/util/error.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>

namespace augstudio::core {

SpectrogramMask::SpectrogramMask(const ParamSet& p)
    : nfft_(int(p.i("n_fft"))), freqMasks_(p.i("freq_masks")), timeMasks_(p.i("time_masks")),
      freqWidth_(p.f("freq_mask_fraction")), timeWidth_(p.f("time_mask_fraction")) {
    if (nfft_ % 4 != 0)
        throw Error("n_fft", "must be a multiple of 4 (the hop is a quarter of it)");
}

int64_t SpectrogramMask::stftFrames(int64_t frames, int nfft) {
    const int64_t hop = nfft / 4;
    return frames == 0 ? 0 : (frames + 2 * int64_t(nfft) - nfft) / hop + 1;
}

Values SpectrogramMask::draw(Rng& rng, const SampleInfo& info) const {
    const int64_t bins = nfft_ / 2 + 1;
    const int64_t frames = stftFrames(info.frames, nfft_);
    // As SpecAugment: each mask's width is uniform in [0, W], its start uniform where it fits.
    auto masks = [&](int64_t count, int64_t size, double fraction) {
        nlohmann::json out = nlohmann::json::array();
        const auto widest = int64_t(std::floor(fraction * double(size)));
        for (int64_t k = 0; k < count && size > 0; ++k) {
            const int64_t width = rng.integer(0, std::min(widest, size));
            const int64_t start = rng.integer(0, size - width);
            if (width > 0)
                out.push_back(nlohmann::json::array({start, width}));
        }
        return out;
    };
    nlohmann::json freq = masks(freqMasks_, bins, freqWidth_);
    nlohmann::json time = masks(timeMasks_, frames, timeWidth_);
    return makeValues({{"freq_masks", std::move(freq)}, {"time_masks", std::move(time)}});
}

void SpectrogramMask::applyTo(AudioSample& s, const Values& v) const {
    const nlohmann::json& freq = v.at("freq_masks");
    const nlohmann::json& time = v.at("time_masks");
    const int64_t n = s.frames();
    if (n == 0 || (freq.empty() && time.empty()))
        return;
    const int nfft = nfft_, hop = nfft_ / 4, bins = nfft_ / 2 + 1;
    const int64_t frames = stftFrames(n, nfft);
    std::vector<char> binMasked(size_t(bins), 0), frameMasked(size_t(frames), 0);
    for (const nlohmann::json& m : freq)
        for (int64_t b = m[0].get<int64_t>(); b < m[0].get<int64_t>() + m[1].get<int64_t>(); ++b)
            if (b >= 0 && b < bins)
                binMasked[size_t(b)] = 1;
    for (const nlohmann::json& m : time)
        for (int64_t f = m[0].get<int64_t>(); f < m[0].get<int64_t>() + m[1].get<int64_t>(); ++f)
            if (f >= 0 && f < frames)
                frameMasked[size_t(f)] = 1;
    std::vector<double> window(static_cast<size_t>(nfft));
    for (int i = 0; i < nfft; ++i) // periodic Hann: overlap-adds to a constant at hop n/4
        window[size_t(i)] = 0.5 - 0.5 * std::cos(2 * M_PI * i / nfft);
    const int64_t padded = n + 2 * int64_t(nfft);
    cv::Mat frame(1, nfft, CV_64F), spectrum, back;
    for (auto& c : s.channels) {
        std::vector<double> out(size_t(padded), 0.0), weight(size_t(padded), 0.0);
        for (int64_t f = 0; f < frames; ++f) {
            const int64_t at = f * hop; // in padded coordinates: sample i is at i + nfft
            double* px = frame.ptr<double>();
            for (int i = 0; i < nfft; ++i) {
                const int64_t src = at + i - nfft;
                px[i] = (src >= 0 && src < n ? c[size_t(src)] : 0.0) * window[size_t(i)];
            }
            if (frameMasked[size_t(f)]) {
                frame.setTo(0);
            } else {
                cv::dft(frame, spectrum); // CCS packed
                double* ps = spectrum.ptr<double>();
                for (int b = 0; b < bins; ++b) {
                    if (!binMasked[size_t(b)])
                        continue;
                    if (b == 0)
                        ps[0] = 0;
                    else if (b == nfft / 2)
                        ps[nfft - 1] = 0;
                    else
                        ps[2 * b - 1] = ps[2 * b] = 0;
                }
                cv::idft(spectrum, frame, cv::DFT_SCALE | cv::DFT_REAL_OUTPUT);
            }
            const double* py = frame.ptr<double>();
            for (int i = 0; i < nfft; ++i) {
                out[size_t(at + i)] += py[i] * window[size_t(i)];
                weight[size_t(at + i)] += window[size_t(i)] * window[size_t(i)];
            }
        }
        for (int64_t i = 0; i < n; ++i) {
            const double w = weight[size_t(i + nfft)];
            c[size_t(i)] = float(w > 1e-9 ? out[size_t(i + nfft)] / w : 0.0);
        }
    }
}

TransformInfo SpectrogramMask::info() {
    return {
        "audio.spectrogram_mask",
        Modality::Audio,
        "spectral",
        "SpecAugment frequency and time masks in the spectrogram domain (STFT, masks, "
        "overlap-add back to a waveform); meant for features computed later",
        {intParam("n_fft", 512, 16, 8192, "STFT size, a multiple of 4 (the hop is a quarter of it)",
                  "bins"),
         intParam("freq_masks", 2, 0, 10, "number of frequency masks (SpecAugment's mF)"),
         floatParam("freq_mask_fraction", 0.15, 0, 1,
                    "widest frequency mask as a fraction of the bins (SpecAugment's F)", {}, 0.01),
         intParam("time_masks", 2, 0, 10, "number of time masks (SpecAugment's mT)"),
         floatParam("time_mask_fraction", 0.1, 0, 1,
                    "widest time mask as a fraction of the frames (SpecAugment's T)", {}, 0.01)},
        0.5,
        factoryOf<SpectrogramMask>()};
}

} // namespace augstudio::core
