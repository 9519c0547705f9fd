#include "core/random/ziggurat.h"

namespace augstudio::core::ziggurat {

const Table& table() {
    static const Table z = [] {
        Table t;
        double f = std::exp(-0.5 * kR * kR);
        t.x[0] = kV / f; // the bottom layer, base plus tail, as a rectangle of equal area
        t.x[1] = kR;
        t.x[kLayers] = 0;
        for (int i = 2; i < kLayers; ++i) {
            t.x[i] = std::sqrt(-2.0 * std::log(kV / t.x[i - 1] + f));
            f = std::exp(-0.5 * t.x[i] * t.x[i]);
        }
        for (int i = 0; i < kLayers; ++i)
            t.ratio[i] = t.x[i + 1] / t.x[i];
        return t;
    }();
    return z;
}

} // namespace augstudio::core::ziggurat
