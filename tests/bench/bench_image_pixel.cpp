// Each colour/pixel transform through the engine (a one-step pipeline, p 1, draw + apply)
// against the same operation written as direct OpenCV calls, on a 512x512 3-channel photo,
// one thread. Both sides work in place on a fresh copy of the photo; only the operation is
// timed (manual time, as thread CPU time), so the copy costs neither side. Prints the ratio
// table at the end. The multi-sample and reference-image transforms run with four 512x512
// partners in the run (a MemoryPartnerSource, as an export fills it), next to the one-image
// OpenCV operation they come down to (a blend, a box copy, four resizes, a masked copy).
#include "core/catalog/builtin.h"
#include "core/pipeline/memorypartnersource.h"
#include "core/pipeline/pipeline.h"

#include <benchmark/benchmark.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <map>
#include <numbers>
#include <random>
#include <unistd.h>

using namespace augstudio::core;
using json = nlohmann::json;

namespace {

// A photo-like 512x512 BGR image: smooth shapes, gradients and fine texture.
const cv::Mat& photo() {
    static const cv::Mat image = [] {
        cv::Mat noise(512, 512, CV_8UC3), smooth;
        cv::RNG rng(7);
        rng.fill(noise, cv::RNG::UNIFORM, 0, 256);
        cv::GaussianBlur(noise, smooth, cv::Size(0, 0), 12);
        cv::normalize(smooth, smooth, 0, 255, cv::NORM_MINMAX);
        cv::Mat out = smooth.clone();
        for (int y = 0; y < 512; ++y)
            for (int x = 0; x < 512; ++x) {
                cv::Vec3b& p = out.at<cv::Vec3b>(y, x);
                p[0] = cv::saturate_cast<uint8_t>(0.6 * p[0] + 0.3 * x / 2 +
                                                  (noise.at<cv::Vec3b>(y, x)[0] % 16));
                p[2] = cv::saturate_cast<uint8_t>(0.6 * p[2] + 0.3 * y / 2);
            }
        cv::circle(out, {300, 200}, 80, cv::Scalar(40, 200, 240), cv::FILLED, cv::LINE_AA);
        return out;
    }();
    return image;
}

using Direct = std::function<void(cv::Mat&)>;

struct Case {
    std::string id; // the transform id, optionally followed by a variant's name after a space
    json params;
    Direct direct;             // empty: no single OpenCV equivalent (engine figure only)
    bool partners = false;     // run with the partners of partnerRun()
    bool manyPartners = false; // with the million of millionPartnerRun() instead
};

// The photo turned another way, with three objects in its mask and boxes: a partner.
ImageSample partnerOf(int flip) {
    ImageSample s;
    cv::flip(photo(), s.image, flip);
    s.mask = cv::Mat::zeros(photo().size(), CV_8UC1);
    for (int k = 0; k < 3; ++k) {
        const cv::Rect r(40 + 150 * k, 60 + 100 * k, 120, 90);
        s.mask(r).setTo(k + 1);
        s.boxes.push_back({double(r.x), double(r.y), double(r.br().x), double(r.br().y), k});
    }
    s.label = flip == 0 ? "a" : "b";
    return s;
}

const cv::Mat& partnerImage() {
    static const cv::Mat image = partnerOf(1).image;
    return image;
}

const RunContext& partnerRun() {
    static const RunContext run = [] {
        MemoryPartnerSource::Keyed partners;
        for (int flip : {0, 1, -1, 1})
            partners.emplace_back(std::to_string(partners.size()) + ".png", partnerOf(flip));
        RunContext r;
        r.partners = std::make_shared<MemoryPartnerSource>(std::move(partners));
        return r;
    }();
    return run;
}

// A million partners in a thousand classes, as a large export has (ImageNet: 1.28M): every
// entry loads the same partner, so what grows with the count is the draw alone.
class MillionPartners : public PartnerSource {
public:
    MillionPartners()
        : PartnerSource(entries()), partner_(std::make_shared<const Sample>(partnerOf(1))) {}
    std::shared_ptr<const Sample> load(size_t) const override { return partner_; }

private:
    static std::vector<PartnerEntry> entries() {
        std::vector<PartnerEntry> out;
        for (int i = 0; i < 1000000; ++i)
            out.push_back({"train/" + std::to_string(i % 1000) + "/" + std::to_string(i) + ".jpg",
                           std::to_string(i % 1000), Modality::Image});
        return out;
    }
    std::shared_ptr<const Sample> partner_;
};

const RunContext& millionPartnerRun() {
    static const RunContext run = [] {
        RunContext r;
        r.partners = std::make_shared<MillionPartners>();
        r.itemKey = "train/7/7.jpg";
        return r;
    }();
    return run;
}

// A folder with one overlay element (a 128x96 BGRA sticker with a round alpha), for
// image.overlay_elements; removed at exit.
const std::string& elementFolder() {
    static const std::string folder = [] {
        namespace fs = std::filesystem;
        const fs::path dir =
            fs::temp_directory_path() / ("augstudio_bench_elements_" + std::to_string(getpid()));
        fs::create_directories(dir);
        cv::Mat element(96, 128, CV_8UC4, cv::Scalar(30, 200, 90, 0));
        cv::ellipse(element, {64, 48}, {60, 44}, 0, 0, 360, cv::Scalar(30, 200, 90, 255),
                    cv::FILLED, cv::LINE_AA);
        cv::imwrite((dir / "sticker.png").string(), element);
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(elementFolder(), ec);
        });
        return dir.string();
    }();
    return folder;
}

cv::Mat lut8(const std::function<double(int)>& f) {
    cv::Mat t(1, 256, CV_8U);
    for (int v = 0; v < 256; ++v)
        t.at<uint8_t>(v) = cv::saturate_cast<uint8_t>(f(v));
    return t;
}

void perChannel(cv::Mat& m, const std::function<void(cv::Mat&)>& op) {
    std::vector<cv::Mat> planes;
    cv::split(m, planes);
    for (auto& p : planes)
        op(p);
    cv::merge(planes, m);
}

cv::Mat filterKernel(double alpha, const cv::Mat& effect) {
    cv::Mat identity = cv::Mat::zeros(3, 3, CV_32F);
    identity.at<float>(1, 1) = 1;
    return (1 - alpha) * identity + alpha * effect;
}

std::vector<Case> cases() {
    std::vector<Case> c;
    c.push_back({"image.brightness_contrast",
                 {{"brightness", 0.1}, {"contrast", 0.1}},
                 [](cv::Mat& m) { m.convertTo(m, -1, 1.1, 25.5); }});
    c.push_back({"image.color_jitter",
                 {{"brightness", 1.1}, {"contrast", 1.1}, {"saturation", 1.1}, {"hue", 0.05}},
                 [](cv::Mat& m) {
                     // The four operations in one fixed order, as direct calls.
                     m.convertTo(m, -1, 1.1);
                     cv::Mat g, g3;
                     cv::cvtColor(m, g, cv::COLOR_BGR2GRAY);
                     const double mean = cv::mean(g)[0];
                     m.convertTo(m, -1, 1.1, -0.1 * mean);
                     cv::cvtColor(m, g, cv::COLOR_BGR2GRAY);
                     cv::cvtColor(g, g3, cv::COLOR_GRAY2BGR);
                     cv::addWeighted(m, 1.1, g3, -0.1, 0, m);
                     cv::Mat hsv, t(1, 256, CV_8UC3);
                     for (int v = 0; v < 256; ++v)
                         t.at<cv::Vec3b>(v) =
                             cv::Vec3b(uint8_t((v + 9) % 180), uint8_t(v), uint8_t(v));
                     cv::cvtColor(m, hsv, cv::COLOR_BGR2HSV);
                     cv::LUT(hsv, t, hsv);
                     cv::cvtColor(hsv, m, cv::COLOR_HSV2BGR);
                 }});
    c.push_back({"image.hue_saturation_value",
                 {{"hue_shift", 10}, {"sat_shift", 15}, {"val_shift", 10}},
                 [](cv::Mat& m) {
                     cv::Mat hsv, t(1, 256, CV_8UC3);
                     for (int v = 0; v < 256; ++v)
                         t.at<cv::Vec3b>(v) =
                             cv::Vec3b(uint8_t((v + 10) % 180), cv::saturate_cast<uint8_t>(v + 15),
                                       cv::saturate_cast<uint8_t>(v + 10));
                     cv::cvtColor(m, hsv, cv::COLOR_BGR2HSV);
                     cv::LUT(hsv, t, hsv);
                     cv::cvtColor(hsv, m, cv::COLOR_HSV2BGR);
                 }});
    c.push_back({"image.rgb_shift",
                 {{"r_shift", 10}, {"g_shift", -10}, {"b_shift", 5}},
                 [](cv::Mat& m) { cv::add(m, cv::Scalar(5, -10, 10), m); }});
    c.push_back({"image.channel_shift", {{"intensity", 20}}, [](cv::Mat& m) {
                     double lo, hi;
                     cv::minMaxLoc(m.reshape(1), &lo, &hi);
                     cv::add(m, cv::Scalar::all(20), m);
                     cv::min(m, cv::Scalar::all(hi), m);
                     cv::max(m, cv::Scalar::all(lo), m);
                 }});
    c.push_back({"image.gamma", {{"gamma", 120}}, [](cv::Mat& m) {
                     cv::LUT(m, lut8([](int v) { return 255 * std::pow(v / 255.0, 1.2); }), m);
                 }});
    c.push_back({"image.clahe", {{"clip_limit", 2}}, [](cv::Mat& m) {
                     cv::Mat lab, l;
                     cv::cvtColor(m, lab, cv::COLOR_BGR2Lab);
                     cv::extractChannel(lab, l, 0);
                     cv::createCLAHE(2, cv::Size(8, 8))->apply(l, l);
                     cv::insertChannel(l, lab, 0);
                     cv::cvtColor(lab, m, cv::COLOR_Lab2BGR);
                 }});
    c.push_back({"image.equalize", json::object(),
                 [](cv::Mat& m) { perChannel(m, [](cv::Mat& p) { cv::equalizeHist(p, p); }); }});
    c.push_back({"image.auto_contrast", json::object(), [](cv::Mat& m) {
                     perChannel(m,
                                [](cv::Mat& p) { cv::normalize(p, p, 0, 255, cv::NORM_MINMAX); });
                 }});
    c.push_back({"image.invert", json::object(), [](cv::Mat& m) { cv::bitwise_not(m, m); }});
    c.push_back({"image.to_gray", json::object(), [](cv::Mat& m) {
                     cv::Mat g;
                     cv::cvtColor(m, g, cv::COLOR_BGR2GRAY);
                     cv::cvtColor(g, m, cv::COLOR_GRAY2BGR);
                 }});
    c.push_back({"image.channel_shuffle", json::object(), [](cv::Mat& m) {
                     cv::Mat out(m.size(), m.type());
                     const int fromTo[] = {2, 0, 0, 1, 1, 2};
                     cv::mixChannels(&m, 1, &out, 1, fromTo, 3);
                     m = out;
                 }});
    c.push_back({"image.posterize", {{"bits", 4}}, [](cv::Mat& m) {
                     cv::bitwise_and(m, cv::Scalar::all(0xF0), m);
                 }});
    c.push_back({"image.solarize", {{"threshold", 128}}, [](cv::Mat& m) {
                     cv::LUT(m, lut8([](int v) { return v >= 128 ? 255 - v : v; }), m);
                 }});
    c.push_back({"image.sharpen", {{"alpha", 0.3}, {"lightness", 0.7}}, [](cv::Mat& m) {
                     const cv::Mat e =
                         (cv::Mat_<float>(3, 3) << -1, -1, -1, -1, 8.7f, -1, -1, -1, -1);
                     cv::filter2D(m, m, -1, filterKernel(0.3, e));
                 }});
    c.push_back({"image.emboss", {{"alpha", 0.3}, {"strength", 0.5}}, [](cv::Mat& m) {
                     const cv::Mat e =
                         (cv::Mat_<float>(3, 3) << -1.5f, -0.5f, 0, -0.5f, 1, 0.5f, 0, 0.5f, 1.5f);
                     cv::filter2D(m, m, -1, filterKernel(0.3, e));
                 }});
    c.push_back({"image.gaussian_blur", {{"kernel", 5}, {"sigma", 0}}, [](cv::Mat& m) {
                     cv::GaussianBlur(m, m, cv::Size(5, 5), 0);
                 }});
    c.push_back({"image.median_blur", {{"kernel", 5}}, [](cv::Mat& m) {
                     cv::Mat out;
                     cv::medianBlur(m, out, 5);
                     m = out;
                 }});
    c.push_back({"image.motion_blur", {{"kernel", 7}, {"angle", 30}}, [](cv::Mat& m) {
                     cv::Mat k = cv::Mat::zeros(7, 7, CV_32F);
                     const double a = 30 * std::numbers::pi / 180;
                     cv::line(k,
                              cv::Point(cvRound(3 - 3 * std::cos(a)), cvRound(3 + 3 * std::sin(a))),
                              cv::Point(cvRound(3 + 3 * std::cos(a)), cvRound(3 - 3 * std::sin(a))),
                              cv::Scalar(1.0));
                     k /= cv::sum(k)[0];
                     cv::filter2D(m, m, -1, k);
                 }});
    c.push_back({"image.defocus", {{"radius", 5}, {"alias_blur", 0.3}}, [](cv::Mat& m) {
                     cv::Mat d = cv::Mat::zeros(17, 17, CV_32F);
                     cv::circle(d, cv::Point(8, 8), 5, cv::Scalar(1.0), cv::FILLED);
                     d /= cv::sum(d)[0];
                     cv::GaussianBlur(d, d, cv::Size(3, 3), 0.3);
                     cv::filter2D(m, m, -1, d);
                 }});
    c.push_back({"image.gaussian_noise", {{"std", 0.05}, {"mean", 0}}, [](cv::Mat& m) {
                     cv::Mat noise(m.size(), CV_32FC3);
                     cv::randn(noise, 0, 0.05 * 255);
                     cv::add(m, noise, m, cv::noArray(), CV_8U);
                 }});
    c.push_back({"image.iso_noise", {{"color_shift", 0.03}, {"intensity", 0.3}}, {}});
    c.push_back({"image.salt_pepper", {{"amount", 0.05}, {"salt_vs_pepper", 0.5}}, [](cv::Mat& m) {
                     cv::Mat u(m.size(), CV_8U);
                     cv::randu(u, 0, 256);
                     m.setTo(cv::Scalar::all(255), u < 6);
                     m.setTo(cv::Scalar::all(0), u > 249);
                 }});
    c.push_back({"image.jpeg_compression", {{"quality", 75}}, [](cv::Mat& m) {
                     std::vector<uint8_t> bytes;
                     cv::imencode(".jpg", m, bytes, {cv::IMWRITE_JPEG_QUALITY, 75});
                     m = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
                 }});
    c.push_back({"image.downscale", {{"scale", 0.5}}, [](cv::Mat& m) {
                     cv::Mat small;
                     cv::resize(m, small, cv::Size(256, 256), 0, 0, cv::INTER_NEAREST);
                     cv::resize(small, m, cv::Size(512, 512), 0, 0, cv::INTER_LINEAR);
                 }});
    c.push_back({"image.coarse_dropout",
                 {{"holes", 8}, {"hole_height", 0.1}, {"hole_width", 0.1}},
                 [](cv::Mat& m) {
                     for (int i = 0; i < 8; ++i)
                         m(cv::Rect(i * 50, i * 40, 51, 51)).setTo(cv::Scalar::all(0));
                 }});
    c.push_back({"image.random_erasing", {{"scale", 0.1}, {"ratio", 1}}, [](cv::Mat& m) {
                     m(cv::Rect(100, 100, 162, 162)).setTo(cv::Scalar::all(0));
                 }});
    c.push_back(
        {"image.grid_dropout",
         {{"unit", 0.1}, {"ratio", 0.5}, {"random_offset", false}},
         [](cv::Mat& m) {
             for (int y = 0; y < 512; y += 51)
                 for (int x = 0; x < 512; x += 51)
                     m(cv::Rect(x, y, 26, 26) & cv::Rect(0, 0, 512, 512)).setTo(cv::Scalar::all(0));
         }});
    c.push_back({"image.fog", {{"fog_coef", 0.5}}, {}});
    c.push_back({"image.rain", {{"slant", 5}}, {}});
    c.push_back({"image.shadow", {{"num_shadows", 2}}, {}});
    c.push_back({"image.sun_flare", json::object(), {}});
    c.push_back({"image.snow", {{"snow_point", 0.2}}, [](cv::Mat& m) {
                     cv::Mat hls, t(1, 256, CV_8UC3);
                     const double thr = 0.2 * 127.5 + 85;
                     for (int v = 0; v < 256; ++v)
                         t.at<cv::Vec3b>(v) = cv::Vec3b(
                             uint8_t(v), v < thr ? cv::saturate_cast<uint8_t>(v * 2.5) : uint8_t(v),
                             uint8_t(v));
                     cv::cvtColor(m, hls, cv::COLOR_BGR2HLS);
                     cv::LUT(hls, t, hls);
                     cv::cvtColor(hls, m, cv::COLOR_HLS2BGR);
                 }});
    // Parity with Albumentations 2.0.8.
    c.push_back({"image.blur", {{"kernel", 5}}, [](cv::Mat& m) {
                     cv::blur(m, m, {5, 5}, {-1, -1}, cv::BORDER_REFLECT_101);
                 }});
    c.push_back({"image.unsharp_mask", {{"kernel", 5}, {"alpha", 0.3}}, [](cv::Mat& m) {
                     cv::Mat f, blurred, residual, mask, soft;
                     m.convertTo(f, CV_32F, 1.0 / 255);
                     cv::GaussianBlur(f, blurred, {5, 5}, 0);
                     cv::subtract(f, blurred, residual);
                     cv::compare(cv::abs(residual), 10.0 / 255, mask, cv::CMP_GT);
                     mask.convertTo(soft, CV_32F, 1.0 / 255);
                     cv::GaussianBlur(soft, soft, {5, 5}, 0);
                     cv::Mat sharp = f + 0.3 * residual;
                     cv::min(sharp, 1.0, sharp);
                     cv::max(sharp, 0.0, sharp);
                     cv::subtract(sharp, f, sharp);
                     cv::multiply(sharp, soft, sharp);
                     cv::add(f, sharp, f);
                     f.convertTo(m, CV_8U, 255);
                 }});
    c.push_back({"image.to_sepia", json::object(), [](cv::Mat& m) {
                     const cv::Matx33f sepia(0.131f, 0.534f, 0.272f, 0.168f, 0.686f, 0.349f, 0.189f,
                                             0.769f, 0.393f);
                     cv::transform(m, m, sepia);
                 }});
    c.push_back({"image.channel_dropout", json::object(), [](cv::Mat& m) {
                     const cv::Mat zero(m.size(), CV_8UC1, cv::Scalar(0));
                     cv::insertChannel(zero, m, 1);
                 }});
    c.push_back({"image.multiplicative_noise", {{"per_channel", true}}, [](cv::Mat& m) {
                     cv::multiply(m, cv::Scalar(1.05, 0.95, 1.02), m);
                 }});
    c.push_back({"image.multiplicative_noise elementwise", {{"elementwise", true}}, {}});
    c.push_back({"image.additive_noise", json::object(),
                 [](cv::Mat& m) { cv::add(m, cv::Scalar(12, -7, 20), m); }});
    c.push_back({"image.additive_noise gaussian",
                 {{"noise_type", "gaussian"}, {"spatial_mode", "per_pixel"}, {"std", 0.1}},
                 [](cv::Mat& m) {
                     static cv::RNG rng(3);
                     cv::Mat noise(m.size(), CV_32FC3);
                     rng.fill(noise, cv::RNG::NORMAL, 0, 25.5);
                     cv::add(m, noise, m, cv::noArray(), CV_8U);
                 }});
    c.push_back({"image.shot_noise", json::object(), {}});
    c.push_back({"image.pixel_dropout", json::object(), {}});
    c.push_back(
        {"image.fancy_pca", json::object(), [](cv::Mat& m) {
             cv::Mat samples = m.reshape(1, int(m.total())), cov, mean, values, vectors;
             cv::calcCovarMatrix(samples, cov, mean,
                                 cv::COVAR_NORMAL | cv::COVAR_ROWS | cv::COVAR_SCALE, CV_64F);
             cv::eigen(cov, values, vectors);
             cv::Mat shift = vectors.t() * (values.mul(cv::Mat(cv::Vec3d(0.1, -0.05, 0.02))));
             cv::add(m, cv::Scalar(shift.at<double>(0), shift.at<double>(1), shift.at<double>(2)),
                     m);
         }});
    c.push_back({"image.random_tone_curve", json::object(), [](cv::Mat& m) {
                     static const cv::Mat t = lut8([](int v) {
                         const double x = v / 255.0, u = 1 - x;
                         return 255 * (3 * u * u * x * 0.22 + 3 * u * x * x * 0.8 + x * x * x);
                     });
                     cv::LUT(m, t, m);
                 }});
    c.push_back({"image.morphological", {{"size", 3}}, [](cv::Mat& m) {
                     static const cv::Mat e = cv::getStructuringElement(cv::MORPH_ELLIPSE, {3, 3});
                     cv::dilate(m, m, e);
                 }});
    c.push_back({"image.xy_masking", json::object(), [](cv::Mat& m) {
                     m.colRange(100, 112).setTo(cv::Scalar::all(0));
                     m.colRange(300, 315).setTo(cv::Scalar::all(0));
                     m.rowRange(200, 210).setTo(cv::Scalar::all(0));
                 }});
    c.push_back({"image.chromatic_aberration", json::object(), {}});
    c.push_back({"image.zoom_blur", {{"max_factor", 1.1}, {"step", 0.02}}, {}});
    c.push_back({"image.glass_blur", {{"iterations", 1}}, {}});
    c.push_back({"image.ringing_overshoot", {{"kernel", 9}, {"cutoff", 1.0}}, [](cv::Mat& m) {
                     cv::Mat k(9, 9, CV_32F);
                     for (int y = 0; y < 9; ++y)
                         for (int x = 0; x < 9; ++x) {
                             const double r = std::hypot(x - 4, y - 4);
                             k.at<float>(y, x) = float(r == 0 ? 1 / (4 * std::numbers::pi)
                                                              : std::cyl_bessel_j(1.0, r) /
                                                                    (2 * std::numbers::pi * r));
                         }
                     k /= cv::sum(k)[0];
                     cv::filter2D(m, m, -1, k, {-1, -1}, 0, cv::BORDER_REFLECT_101);
                 }});
    c.push_back({"image.illumination", json::object(), {}});
    c.push_back({"image.planckian_jitter", json::object(),
                 [](cv::Mat& m) { cv::multiply(m, cv::Scalar(0.8, 1.0, 1.2), m); }});
    c.push_back({"image.superpixels", {{"p_replace", 0.1}}, {}});
    c.push_back({"image.advanced_blur", {{"kernel", 5}}, [](cv::Mat& m) {
                     static const cv::Mat k = [] {
                         cv::Mat g = cv::getGaussianKernel(5, 0.8, CV_32F);
                         return cv::Mat(g * g.t());
                     }();
                     cv::filter2D(m, m, -1, k, {-1, -1}, 0, cv::BORDER_REFLECT_101);
                 }});
    c.push_back({"image.plasma_brightness_contrast", json::object(), {}});
    c.push_back({"image.plasma_shadow", json::object(), {}});
    // No direct OpenCV equivalent: engine time only (the spec's 1-image cost).
    c.push_back({"image.he_stain", json::object(), {}});
    c.push_back({"image.text_image", json::object(), {}});
    c.push_back({"image.random_gravel", json::object(), {}});
    c.push_back({"image.spatter", json::object(), {}});
    c.push_back({"image.spatter mud", {{"mode", "mud"}}, {}});
    // The photo has no mask or boxes: these draw no holes, so this is their overhead.
    c.push_back({"image.mask_dropout", json::object(), {}});
    c.push_back({"image.constrained_coarse_dropout", json::object(), {}});
    c.push_back({"image.normalize", json::object(), [](cv::Mat& m) {
                     cv::Mat f;
                     m.convertTo(f, CV_32F, 1.0 / 255);
                     cv::subtract(f, cv::Scalar(0.406, 0.456, 0.485), f);
                     cv::multiply(f, cv::Scalar(1 / 0.225, 1 / 0.224, 1 / 0.229), f);
                     m = f;
                 }});
    // Multi-sample: partners from the run, each next to the one-image operation it is.
    c.push_back({"image.mixup", json::object(),
                 [](cv::Mat& m) { cv::addWeighted(m, 0.6, partnerImage(), 0.4, 0, m); }, true});
    // The engine's boxes at alpha 1: lambda ~ Beta(1, 1) (uniform), a square of side
    // sqrt(1 - lambda) of the frame around a uniform centre, clipped at the borders (0.32 of
    // the frame on average), drawn here the same way so both copy the same regions.
    const Direct cutmixBox = [](cv::Mat& m) {
        static std::mt19937_64 gen(5);
        const double cut = std::sqrt(1.0 - std::uniform_real_distribution<double>(0, 1)(gen));
        const int cw = int(std::lround(m.cols * cut)), ch = int(std::lround(m.rows * cut));
        const int cx = int(gen() % uint64_t(m.cols)), cy = int(gen() % uint64_t(m.rows));
        const cv::Rect box =
            cv::Rect(cv::Point(cx - cw / 2, cy - ch / 2), cv::Point(cx + cw / 2, cy + ch / 2)) &
            cv::Rect(0, 0, m.cols, m.rows);
        if (!box.empty()) // as the engine, which leaves the sample as it is
            partnerImage()(box).copyTo(m(box));
    };
    c.push_back({"image.cutmix", json::object(), cutmixBox, true});
    c.push_back({"image.cutmix 1M_partners", json::object(), cutmixBox, false, true});
    c.push_back({"image.mosaic",
                 {{"width", 512}, {"height", 512}},
                 [](cv::Mat& m) {
                     // Four images resized into the quadrants of a 512x512 canvas.
                     cv::Mat canvas(512, 512, CV_8UC3);
                     const cv::Mat* four[] = {&m, &partnerImage(), &photo(), &partnerImage()};
                     for (int k = 0; k < 4; ++k)
                         cv::resize(*four[k],
                                    canvas(cv::Rect(256 * (k % 2), 256 * (k / 2), 256, 256)),
                                    cv::Size(256, 256), 0, 0, cv::INTER_LINEAR);
                     m = canvas;
                 },
                 true});
    c.push_back({"image.copy_paste",
                 {{"object_p", 1.0}},
                 [](cv::Mat& m) {
                     // The same work: the objects of the partner's mask found, their pixels
                     // and their mask values pasted (the photo has no mask of its own).
                     static const cv::Mat partnerMask = partnerOf(1).mask;
                     const cv::Mat on = partnerMask != 0;
                     partnerImage().copyTo(m, on);
                     cv::Mat mask = cv::Mat::zeros(m.size(), CV_8UC1);
                     partnerMask.copyTo(mask, on);
                     benchmark::DoNotOptimize(mask.data);
                 },
                 true});
    // Reference images (a partner of the run as the reference).
    c.push_back({"image.fda",
                 {{"beta", {0.05, 0.05}}},
                 [](cv::Mat& m) {
                     // Forward and inverse DFT of each channel of both images.
                     std::vector<cv::Mat> planes, theirs;
                     cv::split(m, planes);
                     cv::split(partnerImage(), theirs);
                     for (size_t k = 0; k < 3; ++k) {
                         cv::Mat a, b, fa, fb;
                         planes[k].convertTo(a, CV_32F);
                         theirs[k].convertTo(b, CV_32F);
                         cv::dft(a, fa, cv::DFT_COMPLEX_OUTPUT);
                         cv::dft(b, fb, cv::DFT_COMPLEX_OUTPUT);
                         cv::idft(fa, a, cv::DFT_SCALE | cv::DFT_REAL_OUTPUT);
                         a.convertTo(planes[k], CV_8U);
                     }
                     cv::merge(planes, m);
                 },
                 true});
    c.push_back({"image.histogram_matching", {{"blend_ratio", {1.0, 1.0}}}, {}, true});
    for (const char* method : {"pca", "standard", "minmax"})
        c.push_back({std::string("image.pixel_distribution_adaptation ") + method,
                     {{"transform_type", method}, {"blend_ratio", {1.0, 1.0}}},
                     {},
                     true});
    c.push_back({"image.template_transform", json::object(),
                 [](cv::Mat& m) { cv::addWeighted(m, 0.5, partnerImage(), 0.5, 0, m); }, true});
    c.push_back({"image.overlay_elements", {{"folder", elementFolder()}, {"count", {2, 2}}}, {}});
    return c;
}

// Thread CPU time: these machines are shared and loaded, and wall time would count the
// time other processes hold the core.
double cpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

void engine(benchmark::State& state, const Case& c) {
    const Pipeline p = pipelineFromJson(
        {{"version", 1},
         {"modality", "image"},
         {"steps",
          {{{"transform", c.id.substr(0, c.id.find(' '))}, {"p", 1.0}, {"params", c.params}}}}});
    Sample s = ImageSample{photo().clone(), {}, {}, {}, 0.3, ""};
    const RunContext alone;
    const RunContext& run = c.manyPartners ? millionPartnerRun()
                            : c.partners   ? partnerRun()
                                           : alone;
    uint64_t seed = 0;
    p.run(s, seed, run); // warm-up: OpenCV builds some tables (Lab, ...) on first use
    for (auto _ : state) {
        // A fresh buffer where partners take part: an output may share a partner's pixels.
        if (c.partners || c.manyPartners)
            std::get<ImageSample>(s).image = photo().clone();
        else
            photo().copyTo(std::get<ImageSample>(s).image);
        std::get<ImageSample>(s).boxes.clear();
        std::get<ImageSample>(s).mask.release();
        const double t0 = cpuSeconds();
        benchmark::DoNotOptimize(p.run(s, ++seed, run));
        state.SetIterationTime(cpuSeconds() - t0);
    }
}

void direct(benchmark::State& state, const Case& c) {
    cv::Mat work = photo().clone();
    c.direct(work); // warm-up, as for the engine
    for (auto _ : state) {
        photo().copyTo(work);
        const double t0 = cpuSeconds();
        c.direct(work);
        benchmark::DoNotOptimize(work.data);
        state.SetIterationTime(cpuSeconds() - t0);
    }
}

// Keeps seconds per item of every run, to print the ratio table after the console report:
// the best of the repetitions (run with --benchmark_repetitions=5), the least disturbed run
// on a shared machine, as bench_image_geometry does.
class RatioReporter : public benchmark::ConsoleReporter {
public:
    std::map<std::string, double> secondsPerItem;
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const auto& r : runs)
            if (r.run_type == Run::RT_Iteration && r.iterations > 0) {
                const double t = r.real_accumulated_time / double(r.iterations);
                const auto [it, fresh] = secondsPerItem.emplace(r.benchmark_name(), t);
                if (!fresh)
                    it->second = std::min(it->second, t);
            }
        ConsoleReporter::ReportRuns(runs);
    }
};

} // namespace

int main(int argc, char** argv) {
    cv::setNumThreads(1); // one thread on both sides
    std::printf("OpenCV threads: %d\n", cv::getNumThreads());
    const std::vector<Case> all = cases();
    for (const auto& c : all) {
        benchmark::RegisterBenchmark(("engine/" + c.id).c_str(), engine, c)
            ->UseManualTime()
            ->MinTime(0.3);
        if (c.direct)
            benchmark::RegisterBenchmark(("opencv/" + c.id).c_str(), direct, c)
                ->UseManualTime()
                ->MinTime(0.3);
    }
    benchmark::Initialize(&argc, argv);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    std::printf("\n%-28s %12s %12s %8s\n", "transform (512x512 BGR)", "engine/s", "opencv/s",
                "ratio");
    for (const auto& c : all) {
        const auto e =
            reporter.secondsPerItem.find("engine/" + c.id + "/min_time:0.300/manual_time");
        const auto d =
            reporter.secondsPerItem.find("opencv/" + c.id + "/min_time:0.300/manual_time");
        if (e == reporter.secondsPerItem.end())
            continue;
        if (d == reporter.secondsPerItem.end())
            std::printf("%-28s %12.0f %12s %8s\n", c.id.c_str(), 1.0 / e->second, "-", "-");
        else
            std::printf("%-28s %12.0f %12.0f %7.2fx\n", c.id.c_str(), 1.0 / e->second,
                        1.0 / d->second, d->second / e->second);
    }
    return 0;
}
