#include "core/transforms/image/imagepartners.h"

#include "core/sample/imagetargets.h"

#include <stdexcept>

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace augstudio::core::imagepartners {

namespace {
double fullScale(int depth) {
    switch (depth) {
    case CV_8U:
        return 255.0;
    case CV_16U:
        return 65535.0;
    default:
        return 1.0; // float images are in [0, 1]
    }
}

cv::Mat withChannels(const cv::Mat& m, int channels) {
    const int have = m.channels();
    if (have == channels)
        return m;
    cv::Mat out;
    if (have == 1 && channels == 3)
        cv::cvtColor(m, out, cv::COLOR_GRAY2BGR);
    else if (have == 1 && channels == 4)
        cv::cvtColor(m, out, cv::COLOR_GRAY2BGRA);
    else if (have == 3 && channels == 1)
        cv::cvtColor(m, out, cv::COLOR_BGR2GRAY);
    else if (have == 3 && channels == 4)
        cv::cvtColor(m, out, cv::COLOR_BGR2BGRA);
    else if (have == 4 && channels == 3)
        cv::cvtColor(m, out, cv::COLOR_BGRA2BGR);
    else if (have == 4 && channels == 1)
        cv::cvtColor(m, out, cv::COLOR_BGRA2GRAY);
    else {
        // Unusual counts (2 channels): channel k of the result is channel k mod `have`.
        std::vector<cv::Mat> planes, picked;
        cv::split(m, planes);
        for (int k = 0; k < channels; ++k)
            picked.push_back(planes[size_t(k % have)]);
        cv::merge(picked, out);
    }
    return out;
}
} // namespace

cv::Mat conform(const cv::Mat& image, int type) {
    cv::Mat m = withChannels(image, CV_MAT_CN(type));
    const int from = m.depth(), to = CV_MAT_DEPTH(type);
    if (from == to)
        return m;
    cv::Mat out;
    m.convertTo(out, type, fullScale(to) / fullScale(from));
    return out;
}

cv::Mat fitted(const cv::Mat& image, cv::Size size, int type, bool nearest) {
    cv::Mat m = nearest ? image : conform(image, type);
    if (nearest && m.type() != type)
        m.convertTo(m, type); // mask labels keep their values
    if (m.size() == size)
        return m;
    cv::Mat out;
    cv::resize(m, out, size, 0, 0, nearest ? cv::INTER_NEAREST : cv::INTER_LINEAR);
    return out;
}

BoundingBox placed(const BoundingBox& b, double sx, double sy, double dx, double dy) {
    BoundingBox out{b.x1 * sx + dx, b.y1 * sy + dy, b.x2 * sx + dx, b.y2 * sy + dy, b.classId};
    out.polygon = b.polygon;
    for (auto& ring : out.polygon)
        for (auto& p : ring)
            p = {p.x * sx + dx, p.y * sy + dy};
    return out;
}

bool clipVisible(BoundingBox& b, const cv::Rect& area, double wholeArea, double minVisibility) {
    b.x1 = std::clamp(b.x1, double(area.x), double(area.x + area.width));
    b.x2 = std::clamp(b.x2, double(area.x), double(area.x + area.width));
    b.y1 = std::clamp(b.y1, double(area.y), double(area.y + area.height));
    b.y2 = std::clamp(b.y2, double(area.y), double(area.y + area.height));
    geometry::clampPolygon(b, area);
    const double left = b.area();
    return left > 0 && (wholeArea <= 0 || left / wholeArea >= minVisibility);
}

const ImageSample* imageOf(const std::shared_ptr<const Sample>& partner) {
    const auto* p = partner ? std::get_if<ImageSample>(partner.get()) : nullptr;
    return p && !p->image.empty() ? p : nullptr;
}

FirstPartner firstPartner(Sample& sample, const Values& v, const RunContext& run) {
    FirstPartner out;
    out.sample = std::get_if<ImageSample>(&sample);
    if (!out.sample)
        throw std::invalid_argument("transform applied to a sample of another modality");
    const nlohmann::json& partners = v.at("partners");
    if (partners.empty() || out.sample->image.empty())
        return out;
    out.loaded = partnerrefs::load(run, partners[0]);
    out.partner = imageOf(out.loaded);
    return out;
}

const std::string& labelOf(const SampleInfo& info) {
    static const std::string none;
    const auto* s = info.sample ? std::get_if<ImageSample>(info.sample) : nullptr;
    return s ? s->label : none;
}

} // namespace augstudio::core::imagepartners
