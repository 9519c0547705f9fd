#include "core/transforms/audio/mix.h"

#include "core/pipeline/partnerrefs.h"
#include "core/transforms/audio/dsp.h"

#include <cmath>

namespace augstudio::core {

AudioMix::AudioMix(const ParamSet& p)
    : snrMode_(p.s("mode") == "snr"), snr_(p.range("snr_db")), ratio_(p.range("ratio")),
      which_(partnerClassFromName(p.s("partner_class"))) {}

Values AudioMix::draw(Rng& rng, const SampleInfo& info) const {
    const double level =
        snrMode_ ? rng.uniform(snr_.lo, snr_.hi) : rng.uniform(ratio_.lo, ratio_.hi);
    const double offset = rng.uniform(); // where in the partner the mix starts, as a share
    const auto* s = info.sample ? std::get_if<AudioSample>(info.sample) : nullptr;
    nlohmann::json partners = partnerrefs::draw(rng, info, s ? s->label : std::string(), which_, 1);
    // Energy share of the partner at this SNR: 1 / (1 + 10^(snr / 10)).
    const double weight = snrMode_ ? 1.0 / (1.0 + std::pow(10.0, level / 10.0)) : level;
    for (auto& p : partners)
        p["weight"] = weight;
    return makeValues({{snrMode_ ? "snr_db" : "ratio", level},
                       {"offset", offset},
                       {"partners", std::move(partners)}});
}

void AudioMix::applyTo(AudioSample&, const Values&) const {} // no run: no partner

void AudioMix::applyWith(Sample& sample, const Values& v, const RunContext& run) const {
    auto* s = std::get_if<AudioSample>(&sample);
    if (!s)
        throw std::invalid_argument("transform applied to a sample of another modality");
    const nlohmann::json& partners = v.at("partners");
    if (partners.empty() || s->frames() == 0)
        return;
    const auto loaded = partnerrefs::load(run, partners[0]);
    const auto* p = loaded ? std::get_if<AudioSample>(loaded.get()) : nullptr;
    if (!p || p->frames() == 0 || p->sampleRate <= 0 || s->sampleRate <= 0)
        return;
    const dsp::Channels clip = dsp::resample(p->channels, p->sampleRate, s->sampleRate);
    const size_t frames = size_t(s->frames());
    const size_t clipFrames = clip.empty() ? 0 : clip[0].size();
    if (clipFrames == 0)
        return;
    const auto offset =
        std::min(clipFrames - 1, size_t(v.at("offset").get<double>() * double(clipFrames)));
    const dsp::Channels fitted = dsp::fitLength(clip, frames, offset);
    if (v.contains("snr_db")) {
        dsp::mixAtSnr(s->channels, fitted, v.at("snr_db").get<double>());
        return;
    }
    const double r = v.at("ratio").get<double>();
    for (size_t c = 0; c < s->channels.size(); ++c) {
        const auto& pc = fitted[c % fitted.size()];
        auto& sc = s->channels[c];
        for (size_t i = 0; i < sc.size() && i < pc.size(); ++i)
            sc[i] = float((1.0 - r) * sc[i] + r * pc[i]);
    }
}

TransformInfo AudioMix::info() {
    return {"audio.mix",
            Modality::Audio,
            "mix",
            "Mix with a partner clip of the run at a drawn SNR or ratio (same class or any); "
            "soft label by the partner's share",
            {enumParam("mode", "snr", {"snr", "ratio"},
                       "snr: partner at a drawn signal-to-partner ratio; ratio: convex blend"),
             rangeParam("snr_db", 5.0, 20.0, -20.0, 60.0, "Signal-to-partner ratio (mode snr)",
                        "dB", 0.5),
             rangeParam("ratio", 0.1, 0.5, 0.0, 1.0, "Partner's share of the blend (mode ratio)",
                        {}, 0.05),
             partnerrefs::classParam("any")},
            0.5,
            factoryOf<AudioMix>()};
}

} // namespace augstudio::core
