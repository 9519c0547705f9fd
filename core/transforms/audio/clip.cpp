#include "core/transforms/audio/clip.h"

#include "core/util/error.h"

#include <algorithm>

namespace augstudio::core {

Clip::Clip(const ParamSet& p) : lo_(p.f("lo")), hi_(p.f("hi")) {
    if (lo_ > hi_)
        throw Error("lo", "must not be above hi");
}

Values Clip::draw(Rng&, const SampleInfo&) const {
    return makeValues({{"lo", lo_}, {"hi", hi_}});
}

void Clip::applyTo(AudioSample& s, const Values& v) const {
    const auto lo = float(v.at("lo").get<double>()), hi = float(v.at("hi").get<double>());
    for (auto& c : s.channels)
        for (float& x : c)
            x = std::clamp(x, lo, hi);
}

TransformInfo Clip::info() {
    return {"audio.clip",
            Modality::Audio,
            "distortion",
            "Clamp every sample to the range [lo, hi]",
            {floatParam("lo", -1, -1, 1, "lowest sample value kept (full scale is 1)", {}, 0.01),
             floatParam("hi", 1, -1, 1, "highest sample value kept (full scale is 1)", {}, 0.01)},
            0.5,
            factoryOf<Clip>()};
}

} // namespace augstudio::core
