#include "core/transforms/audio/roomsimulator.h"

#include "core/transforms/audio/dsp.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

namespace {

constexpr double kSpeedOfSound = 343.0; // m/s at 20 degrees C
constexpr double kRoomHighPassHz = 80;
constexpr double kPiHalf = 1.57079632679489661923;

RoomSimulator::Point pointOf(const nlohmann::json& v) {
    return {v.at(0).get<double>(), v.at(1).get<double>(), v.at(2).get<double>()};
}

nlohmann::json roomPointJson(const RoomSimulator::Point& p) {
    return nlohmann::json::array({p[0], p[1], p[2]});
}

// The images of one coordinate: offset from the microphone and reflections on that axis.
struct AxisImage {
    double offset;
    int reflections;
};

std::vector<AxisImage> axisImages(double length, double source, double mic, double reach) {
    std::vector<AxisImage> out;
    const int n = int(std::ceil(reach / (2 * length))) + 1;
    for (int k = -n; k <= n; ++k)
        for (int mirrored = 0; mirrored <= 1; ++mirrored) {
            // Image at 2kL + (1 - 2q) s: |k - q| reflections on the wall at 0, |k| at L.
            const double position = 2 * k * length + (mirrored ? -source : source);
            const double offset = position - mic;
            if (std::abs(offset) <= reach)
                out.push_back({offset, std::abs(k - mirrored) + std::abs(k)});
        }
    return out;
}

} // namespace

RoomSimulator::RoomSimulator(const ParamSet& p)
    : sizeX_(p.range("size_x_m")), sizeY_(p.range("size_y_m")), sizeZ_(p.range("size_z_m")),
      absorption_(p.range("absorption")), margin_(p.f("wall_margin_m")), maxIr_(p.f("max_ir_s")) {}

double RoomSimulator::eyringRt60(const Point& room, double absorption) {
    const double volume = room[0] * room[1] * room[2];
    const double surface = 2 * (room[0] * room[1] + room[1] * room[2] + room[0] * room[2]);
    const double a = std::clamp(absorption, 1e-6, 0.999999);
    return 24 * std::log(10.0) * volume / (kSpeedOfSound * surface * -std::log(1 - a));
}

double RoomSimulator::imageSourceRt60(const Point& room, double absorption) {
    // Reflections per metre of path along directions of one octant (the others mirror it),
    // uniform in area: midpoints in cos(theta) and phi.
    constexpr int kSteps = 16;
    std::vector<double> perMetre;
    perMetre.reserve(kSteps * kSteps);
    for (int i = 0; i < kSteps; ++i)
        for (int j = 0; j < kSteps; ++j) {
            const double z = (i + 0.5) / kSteps, r = std::sqrt(1 - z * z);
            const double phi = (j + 0.5) / kSteps * kPiHalf;
            perMetre.push_back(r * std::cos(phi) / room[0] + r * std::sin(phi) / room[1] +
                               z / room[2]);
        }
    const double loss = -std::log(1 - std::clamp(absorption, 1e-6, 0.999999)) * kSpeedOfSound;
    // Schroeder's integral of E from t on: the mean of exp(-loss g t) / (loss g).
    auto integral = [&](double t) {
        double sum = 0;
        for (double g : perMetre)
            sum += std::exp(-loss * g * t) / (loss * g);
        return sum;
    };
    const double total = integral(0);
    auto timeAt = [&](double db) {
        const double target = total * std::pow(10.0, db / 10);
        double lo = 0, hi = 10 * eyringRt60(room, absorption);
        for (int k = 0; k < 48; ++k) {
            const double mid = 0.5 * (lo + hi);
            (integral(mid) > target ? lo : hi) = mid;
        }
        return 0.5 * (lo + hi);
    };
    return 3 * (timeAt(-25) - timeAt(-5));
}

std::vector<float> RoomSimulator::impulseResponse(const Point& room, double absorption,
                                                  const Point& source, const Point& mic,
                                                  int sampleRate, double seconds) {
    // `seconds` of response after the direct sound arrives.
    const double direct = std::sqrt((source[0] - mic[0]) * (source[0] - mic[0]) +
                                    (source[1] - mic[1]) * (source[1] - mic[1]) +
                                    (source[2] - mic[2]) * (source[2] - mic[2]));
    const auto length = size_t(
        std::max(1.0, std::ceil((direct / kSpeedOfSound + std::max(0.0, seconds)) * sampleRate)));
    std::vector<double> h(length, 0.0);
    const double reach = double(length) / sampleRate * kSpeedOfSound;
    const double beta = std::sqrt(1 - std::clamp(absorption, 0.0, 1.0)); // pressure reflection
    std::vector<double> betaPower(1, 1.0);
    std::array<std::vector<AxisImage>, 3> axes;
    for (int d = 0; d < 3; ++d)
        axes[size_t(d)] = axisImages(room[size_t(d)], source[size_t(d)], mic[size_t(d)], reach);
    const double reach2 = reach * reach;
    const double samplesPerMetre = sampleRate / kSpeedOfSound;
    for (const AxisImage& x : axes[0])
        for (const AxisImage& y : axes[1]) {
            const double xy2 = x.offset * x.offset + y.offset * y.offset;
            if (xy2 > reach2)
                continue;
            for (const AxisImage& z : axes[2]) {
                const double d2 = xy2 + z.offset * z.offset;
                if (d2 > reach2)
                    continue;
                const double d = std::max(std::sqrt(d2), 1e-3);
                const auto at = size_t(std::llround(d * samplesPerMetre));
                if (at >= length)
                    continue;
                const size_t reflections = size_t(x.reflections + y.reflections + z.reflections);
                while (betaPower.size() <= reflections)
                    betaPower.push_back(betaPower.back() * beta);
                h[at] += betaPower[reflections] / d;
            }
        }
    // Every image adds a positive pulse: late in the response hundreds land on each sample
    // and their sum builds up a slowly varying offset that is not reverberation. A high pass
    // (Allen & Berkley's remedy) removes it.
    // Walls that absorb everything leave the direct sound alone, unfiltered.
    std::vector<float> out(h.begin(), h.end());
    if (beta > 0)
        dsp::filter(out, dsp::butterworth(dsp::BiquadKind::HighPass, sampleRate,
                                          std::min(kRoomHighPassHz, 0.2 * sampleRate), 2));
    double energy = 0;
    for (float v : out)
        energy += double(v) * v;
    const double scale = energy > 0 ? 1 / std::sqrt(energy) : 0;
    for (float& v : out)
        v = float(v * scale);
    return out;
}

Values RoomSimulator::draw(Rng& rng, const SampleInfo&) const {
    const Point room = {rng.uniform(sizeX_.lo, sizeX_.hi), rng.uniform(sizeY_.lo, sizeY_.hi),
                        rng.uniform(sizeZ_.lo, sizeZ_.hi)};
    const double absorption = rng.uniform(absorption_.lo, absorption_.hi);
    auto inside = [&] {
        Point p;
        for (size_t d = 0; d < 3; ++d) {
            const double m = std::min(margin_, room[d] / 2);
            p[d] = rng.uniform(m, room[d] - m);
        }
        return p;
    };
    const Point mic = inside();
    Point source = inside();
    // At least 0.5 m between source and microphone: a few tries, then the farthest corner.
    for (int attempt = 0; attempt < 16; ++attempt) {
        const double dx = source[0] - mic[0], dy = source[1] - mic[1], dz = source[2] - mic[2];
        if (dx * dx + dy * dy + dz * dz >= 0.25)
            break;
        source = inside();
    }
    const double rt60 = imageSourceRt60(room, absorption);
    return makeValues({{"room_m", roomPointJson(room)},
                       {"absorption", absorption},
                       {"source_m", roomPointJson(source)},
                       {"mic_m", roomPointJson(mic)},
                       {"rt60_s", rt60},
                       {"eyring_rt60_s", eyringRt60(room, absorption)},
                       {"ir_s", std::min(rt60, maxIr_)}});
}

void RoomSimulator::applyTo(AudioSample& s, const Values& v) const {
    const int64_t n = s.frames();
    if (n == 0 || s.sampleRate <= 0)
        return;
    const std::vector<float> h = impulseResponse(
        pointOf(v.at("room_m")), v.at("absorption").get<double>(), pointOf(v.at("source_m")),
        pointOf(v.at("mic_m")), s.sampleRate, v.at("ir_s").get<double>());
    // The direct path arrives after distance / c: advance by it, so the dry sound stays put.
    size_t first = 0;
    while (first < h.size() && h[first] == 0.0f)
        ++first;
    if (first == h.size())
        return;
    const std::vector<float> kernel(h.begin() + long(first), h.end());
    for (auto& c : s.channels) {
        std::vector<float> wet = dsp::convolve(c, kernel);
        wet.resize(size_t(n));
        c = std::move(wet);
    }
}

TransformInfo RoomSimulator::info() {
    return {"audio.room_simulator",
            Modality::Audio,
            "reverb",
            "Shoebox room reverberation by the image-source method (drawn room, absorption, "
            "positions; RT60 in the drawn values)",
            {rangeParam("size_x_m", 3.6, 5.6, 1, 50, "room length drawn from [lo, hi]", "m", 0.1),
             rangeParam("size_y_m", 3.6, 3.9, 1, 50, "room width drawn from [lo, hi]", "m", 0.1),
             rangeParam("size_z_m", 2.4, 3.0, 1, 20, "room height drawn from [lo, hi]", "m", 0.1),
             rangeParam("absorption", 0.075, 0.4, 0.01, 1,
                        "energy absorption coefficient of the walls drawn from [lo, hi] (higher: "
                        "drier room)",
                        "", 0.005),
             floatParam("wall_margin_m", 0.5, 0, 5,
                        "least distance of source and microphone from the walls", "m", 0.05),
             floatParam("max_ir_s", 1.0, 0.05, 5,
                        "longest impulse response computed (the response lasts RT60 up to this)",
                        "s", 0.05)},
            0.5,
            factoryOf<RoomSimulator>()};
}

} // namespace augstudio::core
