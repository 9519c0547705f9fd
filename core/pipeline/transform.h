#pragma once

#include "core/params/paramset.h"
#include "core/pipeline/clipsource.h"
#include "core/pipeline/runcontext.h"
#include "core/pipeline/values.h"
#include "core/random/rng.h"
#include "core/sample/sample.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace augstudio::core {

// What draw may look at: the sample's shape, and the sample itself (read only) for
// transforms whose choices depend on content, such as which words of a text to replace.
struct SampleInfo {
    Modality modality = Modality::Image;
    int width = 0, height = 0, channels = 0; // image
    int64_t frames = 0;                      // audio frames or series steps
    int sampleRate = 0;                      // audio
    const Sample* sample = nullptr;
    // The run this draw belongs to (partners, limits); null outside Pipeline::run.
    const RunContext* context = nullptr;

    static SampleInfo of(const Sample& s, const RunContext* context = nullptr);
};

// How a step can take part in fused execution (core/pipeline/fusedrun.h): a matrix step
// (flips, rotations, affine, perspective, resizes, crops, pads) moves pixels by one 3x3
// matrix; a table step maps every 8-bit level of each channel through a fixed table, so a
// run of them is one lookup table. Either kind's draw reads the sizes and channel count of
// SampleInfo only (never info.sample), because within a fused run the sample is not yet
// moved.
enum class FusionKind { None, Matrix, Table };

// The geometry one matrix step's drawn values give on an input of size `input`.
struct WarpStep {
    // Source pixel centres to destination pixel centres (OpenCV's convention).
    cv::Matx33d matrix = cv::Matx33d::eye();
    cv::Size size; // output size
    // OpenCV INTER_* the step resamples with; -1 when it moves whole pixels only (flips,
    // transposes, crops, pads).
    int interpolation = -1;
    // True when the step brings in pixels from outside its input (rotations, pads, crops
    // leaving the image): then `border` and `fill` say how they are made.
    bool fillsOutside = false;
    int border = 0; // cv::BORDER_CONSTANT
    double fill = 0;
};

// A configured transform. draw holds all randomness; apply is deterministic, so the
// values can be shown, recorded and replayed. Both are const and reentrant.
class Transform {
public:
    virtual ~Transform() = default;
    virtual Values draw(Rng& rng, const SampleInfo& info) const = 0;
    virtual void apply(Sample& sample, const Values& values) const = 0;
    // Apply within a run: transforms that need the run (partners) override this; the rest
    // are the plain apply.
    virtual void applyWith(Sample& sample, const Values& values, const RunContext&) const {
        apply(sample, values);
    }
    // Fused execution: the kind, and for a matrix step its geometry for `values` on an
    // input of `input` size (false: these values are applied alone, e.g. area resampling).
    // A table step needs nothing more: its table is its own apply on a ramp of levels.
    virtual FusionKind fusion() const { return FusionKind::None; }
    virtual bool warpOf(const Values&, cv::Size, WarpStep&) const { return false; }
};

// Base for transforms of one sample type; a sample of another type is an error.
template <class S> class TypedTransform : public Transform {
public:
    void apply(Sample& sample, const Values& values) const final {
        S* typed = std::get_if<S>(&sample);
        if (!typed)
            throw std::invalid_argument("transform applied to a sample of another modality");
        applyTo(*typed, values);
    }
    virtual void applyTo(S& sample, const Values& values) const = 0;
};

using ImageTransform = TypedTransform<ImageSample>;
using AudioTransform = TypedTransform<AudioSample>;
using SeriesTransform = TypedTransform<SeriesSample>;
using TextTransform = TypedTransform<TextSample>;

// Builds a transform from validated parameters and what the caller gave at load (clip
// sources). Takes a callable of (const ParamSet&) or of (const ParamSet&, const LoadContext&),
// so a transform that needs nothing from the load is written as before.
class TransformFactory {
public:
    using Signature = std::unique_ptr<Transform>(const ParamSet&, const LoadContext&);
    TransformFactory() = default;
    TransformFactory(std::nullptr_t) {} // NOLINT: implicit, "no factory yet"
    template <class F>
    requires std::is_invocable_r_v < std::unique_ptr<Transform>, F,
    const ParamSet& >
        TransformFactory(F f) // NOLINT: implicit, so `info.create = lambda` reads naturally
        : fn_([f = std::move(f)](const ParamSet& p, const LoadContext&) { return f(p); }) {}
    template <class F>
    requires std::is_invocable_r_v < std::unique_ptr<Transform>, F,
    const ParamSet&, const LoadContext& > TransformFactory(F f)
        : fn_(std::move(f)) {} // NOLINT: implicit, as above
    std::unique_ptr<Transform> operator()(const ParamSet& params,
                                          const LoadContext& load = {}) const {
        return fn_(params, load);
    }
    explicit operator bool() const { return bool(fn_); }

private:
    std::function<Signature> fn_;
};

// The catalog entry of one transform.
struct TransformInfo {
    std::string id; // stable, e.g. "image.rotate"
    Modality modality = Modality::Image;
    std::string kind; // spatial, pixel, temporal, spectral, token, ...
    std::string summary;
    std::vector<ParamSpec> params;
    double defaultP = 0.5;
    // Builds the transform from validated parameters; may throw Error (for example a
    // folder parameter that names no folder), which the loader reports at the step's path.
    TransformFactory create;

    nlohmann::json toJson() const; // the `transforms --json` shape
};

template <class T> auto factoryOf() {
    return [](const ParamSet& p) -> std::unique_ptr<Transform> { return std::make_unique<T>(p); };
}
// For transforms built as T(const ParamSet&, const LoadContext&).
template <class T> auto loadFactoryOf() {
    return [](const ParamSet& p, const LoadContext& load) -> std::unique_ptr<Transform> {
        return std::make_unique<T>(p, load);
    };
}

} // namespace augstudio::core
