#pragma once

#include "core/pipeline/transform.h"

#include <array>
#include <vector>

namespace augstudio::core {

// audio.room_simulator: reverberation of a shoebox room by the image-source method (Allen &
// Berkley 1979). Draws the room's size, the walls' energy absorption (one coefficient for
// every wall) and the source and microphone positions (at least `wall_margin_m` from the
// walls, at least 0.5 m apart). Every image source closer than c x RT60 (at most max_ir_s)
// adds an impulse of amplitude beta^reflections / distance at its delay; the response,
// scaled to unit energy, is convolved with every channel and the length is kept. The drawn
// values report the RT60 of that field: in a shoebox the image sources of the directions
// with the fewest reflections (near the axes) dominate the late decay, which is therefore
// slower than Eyring's diffuse-field formula (about 1.5x in ordinary rooms), so rt60_s is
// the T20 of the direction-averaged image-source decay, eyring_rt60_s Eyring's value.
class RoomSimulator : public AudioTransform {
public:
    explicit RoomSimulator(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

    using Point = std::array<double, 3>;
    // Eyring's RT60 of a shoebox room with one absorption coefficient.
    static double eyringRt60(const Point& room, double absorption);
    // RT60 (from T20: -5 to -25 dB of Schroeder's integral) of the image-source field's
    // expected energy decay: along direction u an image at distance ct has been reflected
    // ct (|ux| / Lx + |uy| / Ly + |uz| / Lz) times, so E(t) is the average over directions of
    // (1 - absorption)^(that count).
    static double imageSourceRt60(const Point& room, double absorption);
    // The room impulse response at `sampleRate`, unit energy, lasting `seconds` after the
    // direct sound (which arrives after distance / c).
    static std::vector<float> impulseResponse(const Point& room, double absorption,
                                              const Point& source, const Point& mic, int sampleRate,
                                              double seconds);

private:
    Range sizeX_, sizeY_, sizeZ_, absorption_;
    double margin_, maxIr_;
};

} // namespace augstudio::core
