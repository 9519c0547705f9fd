#include "core/transforms/image/pixeldistributionadaptation.h"

#include "core/transforms/image/imagepartners.h"
#include "core/transforms/image/pixelops.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <vector>

namespace augstudio::core {

namespace {
// The colour values of `image` as rows of a (pixels x colour channels) CV_64F matrix, in
// [0, 1] of the depth's full scale.
cv::Mat colourRows(const cv::Mat& image) {
    const int cn = pixel::colourChannels(image);
    cv::Mat colour = image;
    if (cn != image.channels()) {
        colour.create(image.size(), CV_MAKETYPE(image.depth(), cn));
        const int pairs[] = {0, 0, 1, 1, 2, 2};
        cv::mixChannels(&image, 1, &colour, 1, pairs, size_t(cn));
    }
    cv::Mat rows;
    colour.convertTo(rows, CV_64F, 1.0 / pixel::maxValue(image.depth()));
    return rows.reshape(1, int(image.total()));
}

// One channel-space fit: x -> (x - shift) * scale per column, or a PCA basis.
struct ChannelFit {
    cv::Mat shift, scale; // 1 x cn (standard, minmax)
    cv::PCA pca;          // pca
};

ChannelFit fitRows(const cv::Mat& rows, const std::string& method) {
    ChannelFit fit;
    if (method == "pca") {
        fit.pca = cv::PCA(rows, cv::noArray(), cv::PCA::DATA_AS_ROW);
        return fit;
    }
    if (method == "standard") {
        cv::reduce(rows, fit.shift, 0, cv::REDUCE_AVG);
        cv::Mat centred = rows - cv::repeat(fit.shift, rows.rows, 1);
        cv::reduce(centred.mul(centred), fit.scale, 0, cv::REDUCE_AVG);
        cv::sqrt(fit.scale, fit.scale);
    } else {
        cv::Mat hi;
        cv::reduce(rows, fit.shift, 0, cv::REDUCE_MIN);
        cv::reduce(rows, hi, 0, cv::REDUCE_MAX);
        fit.scale = hi - fit.shift;
    }
    // A constant channel has no spread to normalise by: taken as 1, as scikit-learn does.
    for (int c = 0; c < fit.scale.cols; ++c)
        if (fit.scale.at<double>(0, c) == 0)
            fit.scale.at<double>(0, c) = 1.0;
    return fit;
}

cv::Mat adaptedRows(const cv::Mat& rows, ChannelFit& own, ChannelFit& theirs,
                    const std::string& method) {
    if (method == "pca") {
        // Eigenvector signs are arbitrary: align the reference's with the sample's, as
        // Albumentations does, so a reference like the sample leaves it nearly unchanged.
        if ((cv::trace(own.pca.eigenvectors)[0] < 0) != (cv::trace(theirs.pca.eigenvectors)[0] < 0))
            theirs.pca.eigenvectors *= -1;
        return theirs.pca.backProject(own.pca.project(rows));
    }
    cv::Mat out = rows - cv::repeat(own.shift, rows.rows, 1);
    out /= cv::repeat(own.scale, rows.rows, 1);
    out = out.mul(cv::repeat(theirs.scale, rows.rows, 1));
    return out + cv::repeat(theirs.shift, rows.rows, 1);
}
} // namespace

PixelDistributionAdaptation::PixelDistributionAdaptation(const ParamSet& p, const LoadContext& load)
    : reference_(p.s("folder"), load), blend_(p.range("blend_ratio")),
      method_(p.s("transform_type")) {}

Values PixelDistributionAdaptation::draw(Rng& rng, const SampleInfo& info) const {
    Values v = reference_.draw(rng, info);
    v["blend_ratio"] = rng.uniform(blend_.lo, blend_.hi);
    return v;
}

void PixelDistributionAdaptation::applyReference(ImageSample& s, const Values& v,
                                                 const RunContext* run) const {
    const double ratio = std::clamp(v.at("blend_ratio").get<double>(), 0.0, 1.0);
    if (s.image.empty() || ratio <= 0)
        return;
    const ReferenceImage::Found ref = reference_.find(v, run);
    if (!ref.image)
        return;
    const cv::Mat target = imagepartners::conform(ref.image->image, s.image.type());
    const cv::Mat rows = colourRows(s.image);
    ChannelFit own = fitRows(rows, method_), theirs = fitRows(colourRows(target), method_);
    cv::Mat blended;
    cv::addWeighted(adaptedRows(rows, own, theirs, method_), ratio, rows, 1.0 - ratio, 0.0,
                    blended);
    const int cn = pixel::colourChannels(s.image);
    cv::Mat colour;
    blended.reshape(cn, s.image.rows)
        .convertTo(colour, s.image.depth(), pixel::maxValue(s.image.depth()));
    if (s.image.depth() == CV_32F)
        colour = cv::min(cv::max(colour, 0.0), 1.0);
    if (cn == s.image.channels()) {
        s.image = colour;
        return;
    }
    cv::Mat out = s.image.clone(); // alpha kept
    const int pairs[] = {0, 0, 1, 1, 2, 2};
    cv::mixChannels(&colour, 1, &out, 1, pairs, 3);
    s.image = out;
}

TransformInfo PixelDistributionAdaptation::info() {
    TransformInfo t = pixel::info(
        "image.pixel_distribution_adaptation",
        "Move the pixel distribution towards a reference image's (from a folder, or a partner "
        "of the run) by PCA, per-channel standardisation or min-max, blended by a drawn ratio",
        {ReferenceImage::folderParam("reference"),
         enumParam("transform_type", "pca", {"pca", "standard", "minmax"},
                   "the fit mapped from sample to reference: principal axes and mean, "
                   "per-channel mean and deviation, or per-channel range"),
         rangeParam("blend_ratio", 0.25, 1.0, 0.0, 1.0,
                    "share of the adapted image in the result, drawn from [lo, hi]; 0 leaves "
                    "the image as it is",
                    "", 0.05)},
        loadFactoryOf<PixelDistributionAdaptation>());
    t.kind = "mix";
    return t;
}

} // namespace augstudio::core
