#include "core/transforms/audio/adjustduration.h"

#include <cmath>

namespace augstudio::core {

namespace {

// The input index padding position q (outside [0, n)) reads, as numpy.pad's modes.
int64_t adjustPadSource(int64_t q, int64_t n, bool reflect) {
    if (!reflect || n == 1)
        return ((q % n) + n) % n;
    const int64_t period = 2 * (n - 1);
    q = (q < 0 ? -q : q) % period;
    return q >= n ? period - q : q;
}

} // namespace

AdjustDuration::AdjustDuration(const ParamSet& p)
    : seconds_(p.f("duration_s")), frames_(p.i("duration_frames")), mode_(p.s("pad_mode")),
      atStart_(p.s("position") == "start") {}

Values AdjustDuration::draw(Rng&, const SampleInfo& info) const {
    const int64_t frames =
        frames_ > 0 ? frames_ : int64_t(std::llround(seconds_ * std::max(0, info.sampleRate)));
    return makeValues({{"frames", frames}});
}

void AdjustDuration::applyTo(AudioSample& s, const Values& v) const {
    const int64_t target = std::max<int64_t>(0, v.at("frames").get<int64_t>());
    const int64_t n = s.frames();
    if (n == target)
        return;
    for (auto& c : s.channels) {
        std::vector<float> out(static_cast<size_t>(target), 0.0f);
        const int64_t shift = atStart_ ? n - target : 0; // out[i] reads c[i + shift]
        for (int64_t i = 0; i < target; ++i) {
            const int64_t q = i + shift;
            if (q >= 0 && q < n)
                out[size_t(i)] = c[size_t(q)];
            else if (mode_ != "silence" && n > 0)
                out[size_t(i)] = c[size_t(adjustPadSource(q, n, mode_ == "reflect"))];
        }
        c = std::move(out);
    }
}

TransformInfo AdjustDuration::info() {
    return {"audio.adjust_duration",
            Modality::Audio,
            "temporal",
            "Crop or pad to a fixed duration (in seconds, or in frames when duration_frames > 0)",
            {floatParam("duration_s", 1.0, 0, 3600, "target duration in seconds", "s", 0.1),
             intParam("duration_frames", 0, 0, int64_t(1) << 40,
                      "target length in frames; 0 uses duration_s", "frames"),
             enumParam("pad_mode", "silence", {"silence", "wrap", "reflect"},
                       "what fills the padding: zeros, the clip repeated, or the clip mirrored"),
             enumParam("position", "end", {"start", "end"},
                       "where the clip is cut or padded: at its start or at its end")},
            0.5,
            factoryOf<AdjustDuration>()};
}

} // namespace augstudio::core
