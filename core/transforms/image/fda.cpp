#include "core/transforms/image/fda.h"

#include "core/transforms/image/imagepartners.h"
#include "core/transforms/image/pixelops.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace augstudio::core {

namespace {
// The plane with the amplitudes of frequencies |ky|, |kx| < border taken from `reference`.
// The square is symmetric about the zero frequency, so the spectrum stays Hermitian and the
// result real (an off-centre square would leave an imaginary part to throw away).
cv::Mat withReferenceAmplitudes(const cv::Mat& plane, const cv::Mat& reference, int border) {
    cv::Mat spectrum, target;
    cv::dft(plane, spectrum, cv::DFT_COMPLEX_OUTPUT);
    cv::dft(reference, target, cv::DFT_COMPLEX_OUTPUT);
    const int rows = plane.rows, cols = plane.cols;
    for (int dy = -(border - 1); dy < border; ++dy) {
        const int y = (dy % rows + rows) % rows;
        for (int dx = -(border - 1); dx < border; ++dx) {
            const int x = (dx % cols + cols) % cols;
            auto& f = spectrum.at<cv::Vec2f>(y, x);
            const cv::Vec2f& t = target.at<cv::Vec2f>(y, x);
            const double amplitude = std::hypot(double(t[0]), double(t[1]));
            const double own = std::hypot(double(f[0]), double(f[1]));
            f = own > 0 ? cv::Vec2f(float(f[0] * amplitude / own), float(f[1] * amplitude / own))
                        : cv::Vec2f(float(amplitude), 0.0f);
        }
    }
    cv::Mat out;
    cv::idft(spectrum, out, cv::DFT_SCALE | cv::DFT_REAL_OUTPUT);
    return out;
}
} // namespace

Fda::Fda(const ParamSet& p, const LoadContext& load)
    : reference_(p.s("folder"), load), beta_(p.range("beta")) {}

Values Fda::draw(Rng& rng, const SampleInfo& info) const {
    Values v = reference_.draw(rng, info);
    v["beta"] = rng.uniform(beta_.lo, beta_.hi);
    return v;
}

void Fda::applyReference(ImageSample& s, const Values& v, const RunContext* run) const {
    if (s.image.empty())
        return;
    const int border = int(std::floor(std::min(s.image.rows, s.image.cols) *
                                      std::clamp(v.at("beta").get<double>(), 0.0, 0.5)));
    if (border <= 0)
        return;
    const ReferenceImage::Found ref = reference_.find(v, run);
    if (!ref.image)
        return;
    const cv::Mat target = imagepartners::fitted(ref.image->image, s.image.size(), s.image.type());
    std::vector<cv::Mat> planes, targets;
    cv::split(s.image, planes);
    cv::split(target, targets);
    const int depth = s.image.depth();
    for (int c = 0; c < pixel::colourChannels(s.image); ++c) {
        cv::Mat own, theirs;
        planes[size_t(c)].convertTo(own, CV_32F);
        targets[size_t(c)].convertTo(theirs, CV_32F);
        cv::Mat moved = withReferenceAmplitudes(own, theirs, border);
        if (depth == CV_32F)
            moved = cv::min(cv::max(moved, 0.0), 1.0);
        moved.convertTo(planes[size_t(c)], depth);
    }
    cv::Mat out; // a new buffer: the sample's may be shared with a cache
    cv::merge(planes, out);
    s.image = out;
}

TransformInfo Fda::info() {
    TransformInfo t = pixel::info(
        "image.fda",
        "Fourier domain adaptation: the lowest-frequency amplitudes of a reference image (from "
        "a folder, or a partner of the run) replace the sample's, phases kept",
        {ReferenceImage::folderParam("reference"),
         rangeParam("beta", 0.0, 0.1, 0.0, 0.5,
                    "half-width of the replaced low-frequency square as a share of the shorter "
                    "side, drawn from [lo, hi]; 0 leaves the image as it is",
                    "", 0.01)},
        loadFactoryOf<Fda>());
    t.kind = "mix";
    return t;
}

} // namespace augstudio::core
