#include "core/transforms/audio/noise.h"

#include "core/transforms/audio/dsp.h"

#include <algorithm>

namespace augstudio::core {

GaussianNoise::GaussianNoise(Kind kind, const ParamSet& p)
    : kind_(kind), range_(p.range(kind == Kind::Amplitude ? "amplitude" : "snr_db")) {}

Values GaussianNoise::draw(Rng& rng, const SampleInfo&) const {
    const double v = rng.uniform(range_.lo, range_.hi);
    return {{kind_ == Kind::Amplitude ? "amplitude" : "snr_db", v}, {"seed", dsp::drawSeed(rng)}};
}

void GaussianNoise::applyTo(AudioSample& s, const Values& v) const {
    const auto seed = v.at("seed").get<uint64_t>();
    if (kind_ == Kind::Snr) {
        const dsp::Channels noise = dsp::whiteNoise(seed, s.channels.size(), size_t(s.frames()));
        dsp::mixAtSnr(s.channels, noise, v.at("snr_db").get<double>());
        return;
    }
    // The values of whiteNoise(seed, ...), drawn a block at a time into a buffer that stays
    // in cache instead of a clip-sized one.
    const float a = float(v.at("amplitude").get<double>());
    Rng rng(seed);
    constexpr size_t kBlock = 1024;
    float noise[kBlock];
    for (auto& c : s.channels)
        for (size_t b = 0; b < c.size(); b += kBlock) {
            const size_t len = std::min(kBlock, c.size() - b);
            dsp::fillNormal(rng, noise, len);
            for (size_t i = 0; i < len; ++i)
                c[b + i] += a * noise[i];
        }
}

TransformInfo GaussianNoise::info(Kind kind) {
    TransformInfo t;
    t.modality = Modality::Audio;
    t.kind = "noise";
    if (kind == Kind::Amplitude) {
        t.id = "audio.gaussian_noise";
        t.summary = "Add white Gaussian noise of a drawn standard deviation";
        t.params = {rangeParam("amplitude", 0.001, 0.015, 0, 1,
                               "noise standard deviation (full scale is 1) drawn from [lo, hi]", "",
                               0.001)};
    } else {
        t.id = "audio.gaussian_snr";
        t.summary = "Add white Gaussian noise at a signal-to-noise ratio drawn uniformly in dB";
        t.params = {rangeParam("snr_db", 5, 40, -20, 100,
                               "signal-to-noise ratio drawn uniformly in dB from [lo, hi]", "dB",
                               0.5)};
    }
    t.create = [kind](const ParamSet& p) -> std::unique_ptr<Transform> {
        return std::make_unique<GaussianNoise>(kind, p);
    };
    return t;
}

ColoredNoise::ColoredNoise(const ParamSet& p)
    : snr_(p.range("snr_db")), decay_(p.range("f_decay")) {}

Values ColoredNoise::draw(Rng& rng, const SampleInfo&) const {
    const double snr = rng.uniform(snr_.lo, snr_.hi);
    const double decay = rng.uniform(decay_.lo, decay_.hi);
    return {{"snr_db", snr}, {"f_decay", decay}, {"seed", dsp::drawSeed(rng)}};
}

void ColoredNoise::applyTo(AudioSample& s, const Values& v) const {
    const dsp::Channels noise =
        dsp::coloredNoise(v.at("seed").get<uint64_t>(), s.channels.size(), size_t(s.frames()),
                          v.at("f_decay").get<double>());
    dsp::mixAtSnr(s.channels, noise, v.at("snr_db").get<double>());
}

TransformInfo ColoredNoise::info() {
    return {"audio.colored_noise",
            Modality::Audio,
            "noise",
            "Add coloured noise (pink -3, brown -6, blue +3, violet +6 dB/octave) at a drawn SNR",
            {rangeParam("snr_db", 5, 40, -20, 100,
                        "signal-to-noise ratio drawn uniformly in dB from [lo, hi]", "dB", 0.5),
             rangeParam("f_decay", -6, 6, -12, 12,
                        "slope of the noise power spectrum: 0 white, -3.01 pink, -6.02 brown, "
                        "+3.01 blue, +6.02 violet",
                        "dB/oct", 0.1)},
            0.5,
            factoryOf<ColoredNoise>()};
}

BackgroundNoise::BackgroundNoise(const ParamSet& p, const LoadContext& load)
    : clips_(load.clips, p.s("folder")), snr_(p.range("snr_db")) {}

Values BackgroundNoise::draw(Rng& rng, const SampleInfo&) const {
    const auto index = size_t(rng.integer(0, int64_t(clips_.size()) - 1));
    const double snr = rng.uniform(snr_.lo, snr_.hi);
    // Where in the clip to start, as a fraction of its length (known only once it is read).
    const double offset = rng.uniform();
    return {{"clip", clips_.name(index)}, {"snr_db", snr}, {"offset", offset}};
}

void BackgroundNoise::applyTo(AudioSample& s, const Values& v) const {
    if (s.frames() == 0 || s.sampleRate <= 0)
        return;
    const auto clip = clips_.load(v.at("clip").get<std::string>(), s.sampleRate);
    const size_t clipFrames = clip->empty() ? 0 : clip->front().size();
    if (clipFrames == 0)
        return;
    const auto offset =
        std::min(clipFrames - 1, size_t(v.at("offset").get<double>() * double(clipFrames)));
    dsp::mixAtSnr(s.channels, dsp::fitLength(*clip, size_t(s.frames()), offset),
                  v.at("snr_db").get<double>());
}

TransformInfo BackgroundNoise::info() {
    return {"audio.background_noise",
            Modality::Audio,
            "noise",
            "Mix a random clip of a folder (looped or cut to length) at a drawn SNR",
            {pathParam("folder", "", "folder of noise clips (wav, flac, ogg, mp3); read at load"),
             rangeParam("snr_db", 3, 30, -20, 100,
                        "signal-to-noise ratio drawn uniformly in dB from [lo, hi]", "dB", 0.5)},
            0.5,
            loadFactoryOf<BackgroundNoise>()};
}

} // namespace augstudio::core
