#include "core/transforms/audio/impulseresponse.h"

#include "core/transforms/audio/dsp.h"

#include <cmath>

namespace augstudio::core {

ImpulseResponse::ImpulseResponse(const ParamSet& p, const LoadContext& load)
    : clips_(load.clips, p.s("folder")) {}

Values ImpulseResponse::draw(Rng& rng, const SampleInfo&) const {
    return {{"ir", clips_.name(size_t(rng.integer(0, int64_t(clips_.size()) - 1)))}};
}

void ImpulseResponse::applyTo(AudioSample& s, const Values& v) const {
    if (s.frames() == 0 || s.sampleRate <= 0)
        return;
    const auto ir = clips_.load(v.at("ir").get<std::string>(), s.sampleRate);
    if (ir->empty() || ir->front().empty())
        return;
    const size_t frames = size_t(s.frames());
    for (size_t c = 0; c < s.channels.size(); ++c) {
        std::vector<float> h = (*ir)[c % ir->size()];
        double energy = 0;
        for (float x : h)
            energy += double(x) * x;
        if (!(energy > 0))
            continue;
        const auto norm = float(1 / std::sqrt(energy));
        for (float& x : h)
            x *= norm;
        std::vector<float> y = dsp::convolve(s.channels[c], h);
        y.resize(frames);
        s.channels[c] = std::move(y);
    }
}

TransformInfo ImpulseResponse::info() {
    return {"audio.impulse_response",
            Modality::Audio,
            "spectral",
            "Convolution reverb with a random impulse response of a folder (length kept)",
            {pathParam("folder", "",
                       "folder of impulse responses (wav, flac, ...); resampled to the clip's "
                       "rate, scaled to unit energy")},
            0.5,
            loadFactoryOf<ImpulseResponse>()};
}

} // namespace augstudio::core
