#include "core/sample/sample.h"

#include <stdexcept>

namespace augstudio::core {

const char* modalityName(Modality m) {
    switch (m) {
    case Modality::Image:
        return "image";
    case Modality::Audio:
        return "audio";
    case Modality::Series:
        return "series";
    case Modality::Text:
        return "text";
    }
    return "image";
}

Modality modalityFromName(const std::string& name) {
    for (Modality m : {Modality::Image, Modality::Audio, Modality::Series, Modality::Text})
        if (name == modalityName(m))
            return m;
    throw std::invalid_argument("unknown modality '" + name + "'");
}

Modality modalityOf(const Sample& s) {
    return Modality(s.index());
}

} // namespace augstudio::core

namespace augstudio::core {

Sample cloneSample(const Sample& s) {
    if (auto* im = std::get_if<ImageSample>(&s)) {
        ImageSample c = *im;
        c.image = im->image.clone();
        c.mask = im->mask.clone();
        return c;
    }
    if (auto* se = std::get_if<SeriesSample>(&s)) {
        SeriesSample c = *se;
        c.values = se->values.clone();
        return c;
    }
    return s;
}

} // namespace augstudio::core
