#include "core/transforms/image/symmetries.h"

#include "core/transforms/image/geometry.h"

#include <array>
#include <stdexcept>

namespace augstudio::core {

namespace {
const std::array<const char*, 8> kD4Elements = {"e", "r90", "r180", "r270", "v", "hvt", "h", "t"};
} // namespace

Values D4::draw(Rng& rng, const SampleInfo&) const {
    return {{"element", kD4Elements[size_t(rng.integer(0, 7))]}};
}

void D4::applyTo(ImageSample& s, const Values& v) const {
    const std::string element = v.at("element").get<std::string>();
    if (element == "e")
        return;
    if (element == "r90")
        return geometry::rotate90(s, 1);
    if (element == "r180")
        return geometry::rotate90(s, 2);
    if (element == "r270")
        return geometry::rotate90(s, 3);
    if (element == "v")
        return geometry::flip(s, 0);
    if (element == "h")
        return geometry::flip(s, 1);
    if (element == "t")
        return geometry::transpose(s);
    if (element == "hvt") {
        // The anti-diagonal mirror: (x, y) -> (h - 1 - y, w - 1 - x).
        geometry::rotate90(s, 2);
        return geometry::transpose(s);
    }
    throw std::invalid_argument("image.d4: unknown element '" + element +
                                "' (expected e, r90, r180, r270, v, hvt, h or t)");
}

TransformInfo D4::info() {
    return {"image.d4",
            Modality::Image,
            "spatial",
            "One of the 8 symmetries of the square (identity, three quarter turns, four "
            "mirrors), drawn uniformly",
            {},
            0.5,
            factoryOf<D4>()};
}

} // namespace augstudio::core
