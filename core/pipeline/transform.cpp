#include "core/pipeline/transform.h"

namespace augstudio::core {

SampleInfo SampleInfo::of(const Sample& s, const RunContext* context) {
    SampleInfo info;
    info.context = context;
    info.modality = modalityOf(s);
    info.sample = &s;
    if (auto* im = std::get_if<ImageSample>(&s)) {
        info.width = im->image.cols;
        info.height = im->image.rows;
        info.channels = im->image.channels();
    } else if (auto* au = std::get_if<AudioSample>(&s)) {
        info.frames = au->frames();
        info.channels = int(au->channels.size());
        info.sampleRate = au->sampleRate;
    } else if (auto* se = std::get_if<SeriesSample>(&s)) {
        info.frames = se->steps();
        info.channels = se->channelCount();
    }
    return info;
}

nlohmann::json TransformInfo::toJson() const {
    nlohmann::json ps = nlohmann::json::array();
    for (const auto& p : params)
        ps.push_back(p.toJson());
    return {{"id", id},
            {"modality", modalityName(modality)},
            {"kind", kind},
            {"summary", summary},
            {"default_p", defaultP},
            {"params", ps}};
}

} // namespace augstudio::core
