// Every geometry transform through the engine (a one-step pipeline, p = 1) against the same
// operation as direct OpenCV calls, one thread, on a 512 x 512 photo-like image. Prints the
// ratio opencv_time / engine_time per transform at the end (1.0 = no engine overhead), from
// the best CPU time of the repetitions (run with --benchmark_repetitions=5).
#include "core/pipeline/pipeline.h"
#include "core/transforms/image/imagecatalog.h"

#include <benchmark/benchmark.h>
#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <functional>
#include <map>
#include <string>

using namespace augstudio::core;
using json = nlohmann::json;

namespace {

const Registry& imageRegistry() {
    static const Registry r = [] {
        Registry reg;
        registerImageTransforms(reg);
        return reg;
    }();
    return r;
}

// A photo-like 512 x 512 BGR image: smooth shading, a few shapes with hard edges, texture
// and sensor noise (no photo ships with the system to load instead).
const cv::Mat& photo() {
    static const cv::Mat image = [] {
        cv::Mat f(512, 512, CV_32FC3);
        for (int y = 0; y < f.rows; ++y)
            for (int x = 0; x < f.cols; ++x)
                f.at<cv::Vec3f>(y, x) = {
                    float(90 + 60 * std::sin(x * 0.013) + 40 * std::cos(y * 0.021)),
                    float(110 + 50 * std::sin((x + y) * 0.009)),
                    float(130 + 70 * std::cos(x * 0.004 - y * 0.017) + 10 * std::sin(x * 0.5))};
        cv::circle(f, {300, 200}, 90, cv::Scalar(30, 200, 240), cv::FILLED);
        cv::rectangle(f, cv::Rect(60, 300, 180, 140), cv::Scalar(220, 60, 40), cv::FILLED);
        cv::Mat noise(f.size(), CV_32FC3);
        cv::RNG rng(7);
        rng.fill(noise, cv::RNG::NORMAL, 0, 8);
        f += noise;
        cv::GaussianBlur(f, f, {3, 3}, 0.8);
        cv::Mat out;
        f.convertTo(out, CV_8UC3);
        return out;
    }();
    return image;
}

struct Case {
    std::string id;
    json params;
    std::function<cv::Mat(const cv::Mat&)> opencv; // the same operation, direct
};

cv::Mat remapWith(const cv::Mat& src, const cv::Mat& mx, const cv::Mat& my, int border) {
    cv::Mat dst;
    cv::remap(src, dst, mx, my, cv::INTER_LINEAR, border);
    return dst;
}

// The elastic field as direct OpenCV calls, the way the engine builds it (sigma 8, alpha 120):
// uniform noise on a 4x coarser grid (amplitude / 4), blurred there (17 x 17, sigma 2),
// scaled, resized up to the image and added to the identity grid. Built per sample, as the
// engine does: a reference with precomputed maps would time remap alone.
cv::Mat elasticReference(const cv::Mat& src) {
    static const std::pair<cv::Mat, cv::Mat> identity = [] {
        cv::Mat gx(512, 512, CV_32FC1), gy(512, 512, CV_32FC1);
        for (int y = 0; y < 512; ++y)
            for (int x = 0; x < 512; ++x) {
                gx.at<float>(y, x) = float(x);
                gy.at<float>(y, x) = float(y);
            }
        return std::pair{gx, gy};
    }();
    static cv::RNG rng(11);
    cv::Mat maps[2];
    for (int axis = 0; axis < 2; ++axis) {
        cv::Mat coarse(128, 128, CV_32FC1), fine;
        rng.fill(coarse, cv::RNG::UNIFORM, -0.25, 0.25);
        cv::GaussianBlur(coarse, coarse, {17, 17}, 2.0, 2.0, cv::BORDER_REFLECT);
        coarse *= 120.0;
        cv::resize(coarse, fine, src.size(), 0, 0, cv::INTER_LINEAR);
        cv::add(fine, axis == 0 ? identity.first : identity.second, maps[axis]);
    }
    cv::Mat dst;
    cv::remap(src, dst, maps[0], maps[1], cv::INTER_LINEAR, cv::BORDER_REFLECT_101);
    return dst;
}

// Precomputed maps for the grid and optical distortions' OpenCV side (remap only: their
// maps are cheap next to the remap, and the engine's ratios include building them).
std::pair<cv::Mat, cv::Mat> wavyMaps() {
    cv::Mat mx(512, 512, CV_32FC1), my(512, 512, CV_32FC1);
    for (int y = 0; y < 512; ++y)
        for (int x = 0; x < 512; ++x) {
            mx.at<float>(y, x) = float(x + 2 * std::sin(y * 0.05));
            my.at<float>(y, x) = float(y + 2 * std::cos(x * 0.05));
        }
    return {mx, my};
}

std::vector<Case> cases() {
    static const auto maps = wavyMaps();
    const cv::Matx23d affine(0.98, 0.1, -20, -0.1, 0.98, 30);
    return {
        {"image.hflip", json::object(),
         [](const cv::Mat& s) {
             cv::Mat d;
             cv::flip(s, d, 1);
             return d;
         }},
        {"image.vflip", json::object(),
         [](const cv::Mat& s) {
             cv::Mat d;
             cv::flip(s, d, 0);
             return d;
         }},
        {"image.transpose", json::object(),
         [](const cv::Mat& s) {
             cv::Mat d;
             cv::transpose(s, d);
             return d;
         }},
        {"image.rotate90", json::object(),
         [](const cv::Mat& s) {
             // The engine draws k from {1, 2, 3}: cycle through the same three rotations.
             static int k = 0;
             cv::Mat d;
             cv::rotate(s, d, k++ % 3);
             return d;
         }},
        {"image.rotate",
         {{"degrees", {-20, 20}}},
         [](const cv::Mat& s) {
             cv::Mat d;
             cv::warpAffine(s, d, cv::getRotationMatrix2D({255.5f, 255.5f}, 12.0, 1.0), s.size(),
                            cv::INTER_LINEAR, cv::BORDER_CONSTANT);
             return d;
         }},
        {"image.affine", json::object(),
         [affine](const cv::Mat& s) {
             cv::Mat d;
             cv::warpAffine(s, d, affine, s.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
             return d;
         }},
        {"image.perspective", json::object(),
         [](const cv::Mat& s) {
             const cv::Point2f a[4] = {{20, 30}, {490, 10}, {500, 480}, {15, 505}};
             const cv::Point2f b[4] = {{0, 0}, {511, 0}, {511, 511}, {0, 511}};
             cv::Mat d;
             cv::warpPerspective(s, d, cv::getPerspectiveTransform(a, b), s.size(),
                                 cv::INTER_LINEAR, cv::BORDER_CONSTANT);
             return d;
         }},
        {"image.elastic", {{"alpha", 120.0}, {"sigma", 8.0}}, elasticReference},
        {"image.grid_distortion", json::object(),
         [](const cv::Mat& s) {
             return remapWith(s, maps.first, maps.second, cv::BORDER_REFLECT_101);
         }},
        {"image.optical_distortion", json::object(),
         [](const cv::Mat& s) {
             return remapWith(s, maps.first, maps.second, cv::BORDER_REFLECT_101);
         }},
        // Area and ratio fixed to the OpenCV side's 300 x 280 window: only its place varies.
        {"image.random_resized_crop",
         {{"width", 224},
          {"height", 224},
          {"scale", 300.0 * 280 / (512 * 512)},
          {"ratio", 300.0 / 280}},
         [](const cv::Mat& s) {
             cv::Mat d;
             cv::resize(s(cv::Rect(40, 60, 300, 280)), d, {224, 224}, 0, 0, cv::INTER_LINEAR);
             return d;
         }},
        {"image.random_crop",
         {{"width", 224}, {"height", 224}},
         [](const cv::Mat& s) { return s(cv::Rect(100, 50, 224, 224)).clone(); }},
        {"image.center_crop",
         {{"width", 224}, {"height", 224}},
         [](const cv::Mat& s) { return s(cv::Rect(144, 144, 224, 224)).clone(); }},
        // 5 % (26 px) padding on every side, resized back, on both sides.
        {"image.crop_and_pad",
         {{"percent", 0.05}},
         [](const cv::Mat& s) {
             cv::Mat padded, d;
             cv::copyMakeBorder(s, padded, 26, 26, 26, 26, cv::BORDER_CONSTANT);
             cv::resize(padded, d, s.size(), 0, 0, cv::INTER_LINEAR);
             return d;
         }},
        {"image.pad_if_needed",
         {{"min_width", 640}, {"min_height", 640}},
         [](const cv::Mat& s) {
             cv::Mat d;
             cv::copyMakeBorder(s, d, 64, 64, 64, 64, cv::BORDER_CONSTANT);
             return d;
         }},
        {"image.resize",
         {{"width", 256}, {"height", 256}},
         [](const cv::Mat& s) {
             cv::Mat d;
             cv::resize(s, d, {256, 256}, 0, 0, cv::INTER_LINEAR);
             return d;
         }},
        {"image.longest_max_size",
         {{"max_size", 384}},
         [](const cv::Mat& s) {
             cv::Mat d;
             cv::resize(s, d, {384, 384}, 0, 0, cv::INTER_LINEAR);
             return d;
         }},
        {"image.smallest_max_size",
         {{"max_size", 384}},
         [](const cv::Mat& s) {
             cv::Mat d;
             cv::resize(s, d, {384, 384}, 0, 0, cv::INTER_LINEAR);
             return d;
         }}, // Parity with Albumentations 2.0.8.
        {"image.crop",
         {{"x_min", 100}, {"y_min", 50}, {"x_max", 324}, {"y_max", 274}},
         [](const cv::Mat& s) { return s(cv::Rect(100, 50, 224, 224)).clone(); }},
        {"image.pad",
         {{"top", 32}, {"bottom", 32}, {"left", 32}, {"right", 32}},
         [](const cv::Mat& s) {
             cv::Mat d;
             cv::copyMakeBorder(s, d, 32, 32, 32, 32, cv::BORDER_CONSTANT);
             return d;
         }},
        {"image.random_sized_crop",
         {{"crop_height", 300}, {"w2h_ratio", 1.0}, {"width", 224}, {"height", 224}},
         [](const cv::Mat& s) {
             cv::Mat d;
             cv::resize(s(cv::Rect(40, 60, 300, 300)), d, {224, 224}, 0, 0, cv::INTER_LINEAR);
             return d;
         }},
        {"image.random_scale",
         {{"scale", 0.75}},
         [](const cv::Mat& s) {
             cv::Mat d;
             cv::resize(s, d, {384, 384}, 0, 0, cv::INTER_LINEAR);
             return d;
         }},
        {"image.shift_scale_rotate", json::object(),
         [](const cv::Mat& s) {
             cv::Mat d;
             cv::Matx23d m = cv::getRotationMatrix2D({255.5f, 255.5f}, 20.0, 1.05);
             m(0, 2) += 16;
             cv::warpAffine(s, d, m, s.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
             return d;
         }},
        {"image.safe_rotate", json::object(),
         [](const cv::Mat& s) {
             cv::Mat d;
             cv::warpAffine(s, d, cv::getRotationMatrix2D({255.5f, 255.5f}, 30.0, 0.73), s.size(),
                            cv::INTER_LINEAR, cv::BORDER_CONSTANT);
             return d;
         }},
        {"image.d4", json::object(),
         [](const cv::Mat& s) {
             static int k = 0;
             cv::Mat d;
             cv::rotate(s, d, k++ % 3);
             return d;
         }},
        {"image.random_crop_from_borders", json::object(),
         [](const cv::Mat& s) { return s(cv::Rect(20, 30, 450, 440)).clone(); }},
        {"image.bbox_safe_random_crop", json::object(),
         [](const cv::Mat& s) { return s(cv::Rect(20, 30, 450, 440)).clone(); }},
        {"image.random_sized_bbox_safe_crop",
         {{"width", 224}, {"height", 224}},
         [](const cv::Mat& s) {
             cv::Mat d;
             cv::resize(s(cv::Rect(20, 30, 450, 440)), d, {224, 224}, 0, 0, cv::INTER_LINEAR);
             return d;
         }},
        {"image.at_least_one_bbox_random_crop",
         {{"width", 224}, {"height", 224}},
         [](const cv::Mat& s) { return s(cv::Rect(100, 50, 224, 224)).clone(); }},
        {"image.random_crop_near_bbox", json::object(),
         [](const cv::Mat& s) { return s(cv::Rect(20, 30, 450, 440)).clone(); }},
        {"image.random_grid_shuffle", json::object(),
         [](const cv::Mat& s) {
             // The same work: every cell copied once to another place.
             cv::Mat d(s.size(), s.type());
             const int w = 512 / 3, h = 512 / 3;
             for (int i = 0; i < 9; ++i) {
                 const int j = (i * 4 + 1) % 9;
                 s(cv::Rect((j % 3) * w, (j / 3) * h, w, h))
                     .copyTo(d(cv::Rect((i % 3) * w, (i / 3) * h, w, h)));
             }
             return d;
         }},
        {"image.piecewise_affine", json::object(), {}},
        {"image.grid_elastic_deform", json::object(), {}},
        {"image.thin_plate_spline", json::object(), {}},
        {"image.crop_non_empty_mask",
         {{"width", 224}, {"height", 224}},
         [](const cv::Mat& s) { return s(cv::Rect(100, 50, 224, 224)).clone(); }},
    };
}

void engine(benchmark::State& state, const std::string& id, const json& params, int keypoints) {
    const Pipeline p =
        Pipeline::fromJson({{"version", 1},
                            {"modality", "image"},
                            {"seed", 1},
                            {"steps", {{{"transform", id}, {"p", 1.0}, {"params", params}}}}},
                           imageRegistry());
    ImageSample base;
    base.image = photo();
    for (int i = 0; i < keypoints; ++i)
        base.keypoints.push_back({40.0 + 43 * i, 30.0 + 45 * i});
    uint64_t seed = 0;
    for (auto _ : state) {
        Sample s = base; // shares the pixels: transforms write new images, never the input
        p.run(s, seed++);
        benchmark::DoNotOptimize(std::get<ImageSample>(s).image.data);
    }
}

void direct(benchmark::State& state, const std::function<cv::Mat(const cv::Mat&)>& op) {
    const cv::Mat& src = photo();
    for (auto _ : state) {
        cv::Mat d = op(src);
        benchmark::DoNotOptimize(d.data);
    }
}

// Keeps each benchmark's CPU time per iteration, to print the ratios after the console table.
class RatioReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const Run& r : runs)
            if (r.run_type == Run::RT_Iteration && r.iterations > 0) {
                // CPU time, best of the repetitions: the machine is shared, and the least
                // disturbed run is the closest to the cost of the code.
                const double t = r.cpu_accumulated_time / double(r.iterations);
                const auto [it, fresh] = seconds.emplace(r.run_name.str(), t);
                if (!fresh)
                    it->second = std::min(it->second, t);
            }
        ConsoleReporter::ReportRuns(runs);
    }
    std::map<std::string, double> seconds;
};

} // namespace

int main(int argc, char** argv) {
    cv::setNumThreads(1);
    std::printf("OpenCV threads: %d\n", cv::getNumThreads());
    const std::vector<Case> all = cases();
    for (const Case& c : all) {
        benchmark::RegisterBenchmark(("engine/" + c.id).c_str(), engine, c.id, c.params, 0)
            ->Unit(benchmark::kMicrosecond);
        if (c.opencv) // empty: no direct OpenCV counterpart (engine figure only)
            benchmark::RegisterBenchmark(("opencv/" + c.id).c_str(), direct, c.opencv)
                ->Unit(benchmark::kMicrosecond);
    }
    // The keypoint search of the remap-based transforms: ten keypoints on 512 x 512.
    for (const char* id : {"image.elastic", "image.grid_distortion", "image.optical_distortion"})
        benchmark::RegisterBenchmark(
            (std::string("engine+10kp/") + id).c_str(), engine, std::string(id),
            std::string(id) == "image.elastic" ? json{{"alpha", 120.0}, {"sigma", 8.0}}
                                               : json::object(),
            10)
            ->Unit(benchmark::kMicrosecond);
    benchmark::Initialize(&argc, argv);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    std::printf("\n%-28s %12s %12s %8s %14s\n", "transform", "engine us", "opencv us", "ratio",
                "engine+10kp us");
    for (const Case& c : all) {
        const auto e = reporter.seconds.find("engine/" + c.id);
        const auto o = reporter.seconds.find("opencv/" + c.id);
        if (e == reporter.seconds.end())
            continue;
        if (o == reporter.seconds.end()) {
            std::printf("%-28s %12.1f %12s %8s\n", c.id.c_str(), e->second * 1e6, "-", "-");
            continue;
        }
        const auto k = reporter.seconds.find("engine+10kp/" + c.id);
        std::printf("%-28s %12.1f %12.1f %7.2fx", c.id.c_str(), e->second * 1e6, o->second * 1e6,
                    o->second / e->second);
        if (k != reporter.seconds.end())
            std::printf(" %14.1f", k->second * 1e6);
        std::printf("\n");
    }
    benchmark::Shutdown();
    return 0;
}
