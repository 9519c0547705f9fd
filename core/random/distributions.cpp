#include "core/random/distributions.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

double gammaVariate(Rng& rng, double shape) {
    if (!(shape > 0))
        return 0.0;
    if (shape < 1.0) {
        const double u = 1.0 - rng.uniform(); // (0, 1]
        return gammaVariate(rng, shape + 1.0) * std::pow(u, 1.0 / shape);
    }
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = rng.normal();
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        const double u = 1.0 - rng.uniform();
        if (u < 1.0 - 0.0331 * x * x * x * x)
            return d * v;
        if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v)))
            return d * v;
    }
}

double betaVariate(Rng& rng, double a, double b) {
    const double x = gammaVariate(rng, a);
    const double y = gammaVariate(rng, b);
    const double s = x + y;
    return s > 0 ? x / s : 0.5;
}

double laplaceVariate(Rng& rng, double mean, double scale) {
    const double u = rng.uniform() - 0.5; // [-0.5, 0.5)
    const double tail = std::max(1e-300, 1.0 - 2.0 * std::abs(u));
    return mean - scale * (u < 0 ? -1.0 : 1.0) * std::log(tail);
}

int64_t poissonVariate(Rng& rng, double lambda) {
    if (!(lambda > 0))
        return 0;
    if (lambda > 30.0)
        return std::max<int64_t>(0, std::llround(rng.normal(lambda, std::sqrt(lambda))));
    const double limit = std::exp(-lambda);
    int64_t k = 0;
    for (double product = rng.uniform(); product > limit; product *= rng.uniform())
        ++k;
    return k;
}

} // namespace augstudio::core
