#include "ui/preview/partnerthumbnail.h"

#include "ui/preview/matimage.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace augstudio::ui {

namespace {

QImage blank(QSize box) {
    QImage out(box, QImage::Format_ARGB32_Premultiplied);
    out.fill(QColor(40, 40, 40));
    return out;
}

QImage imageThumbnail(const core::ImageSample& s, QSize box) {
    const QImage full = matToQImage(s.image);
    if (full.isNull())
        return blank(box);
    return full.scaled(box, Qt::KeepAspectRatio, Qt::SmoothTransformation)
        .convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

// The min-max envelope of the first channel, a column per pixel.
QImage audioThumbnail(const core::AudioSample& s, QSize box) {
    QImage out = blank(box);
    const int frames = int(s.frames());
    if (frames == 0 || s.channels.empty())
        return out;
    QPainter p(&out);
    p.setPen(QColor(120, 190, 255));
    const double mid = box.height() / 2.0;
    for (int x = 0; x < box.width(); ++x) {
        const int from = int(int64_t(x) * frames / box.width());
        const int to = std::max(from + 1, int(int64_t(x + 1) * frames / box.width()));
        float lo = 0, hi = 0;
        for (int f = from; f < to && f < frames; ++f) {
            const float v = s.channels[0][size_t(f)];
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        p.drawLine(QPointF(x + 0.5, mid - hi * mid), QPointF(x + 0.5, mid - lo * mid));
    }
    return out;
}

// Each channel's curve over the whole box, scaled to the series' range.
QImage seriesThumbnail(const core::SeriesSample& s, QSize box) {
    QImage out = blank(box);
    const int steps = int(s.steps());
    if (steps < 2 || s.values.empty())
        return out;
    cv::Mat values;
    s.values.convertTo(values, CV_64F);
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (int t = 0; t < values.rows; ++t)
        for (int c = 0; c < values.cols; ++c)
            if (const double v = values.at<double>(t, c); std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
    if (!(lo <= hi))
        return out; // only gaps
    const double span = hi > lo ? hi - lo : 1.0;
    QPainter p(&out);
    p.setRenderHint(QPainter::Antialiasing);
    for (int c = 0; c < values.cols; ++c) {
        QPainterPath path;
        bool gap = true; // a NaN leaves a gap in the curve
        for (int t = 0; t < steps; ++t) {
            const double v = values.at<double>(t, c);
            if (!std::isfinite(v)) {
                gap = true;
                continue;
            }
            const QPointF at(double(t) * (box.width() - 1) / (steps - 1),
                             (box.height() - 2) * (1 - (v - lo) / span) + 1);
            if (std::exchange(gap, false))
                path.moveTo(at);
            else
                path.lineTo(at);
        }
        p.setPen(QPen(QColor::fromHsv((c * 97 + 210) % 360, 200, 230), 1.2));
        p.drawPath(path);
    }
    return out;
}

QImage textThumbnail(const core::TextSample& s, QSize box) {
    QImage out = blank(box);
    QPainter p(&out);
    p.setPen(QColor(220, 220, 220));
    QFont font = p.font();
    font.setPixelSize(std::max(8, box.height() / 6));
    p.setFont(font);
    p.drawText(QRect(QPoint(2, 2), box - QSize(4, 4)), Qt::TextWordWrap,
               QString::fromStdString(s.text.substr(0, 200)));
    return out;
}

} // namespace

QImage partnerThumbnail(const core::Sample& sample, QSize box) {
    if (const auto* s = std::get_if<core::ImageSample>(&sample))
        return imageThumbnail(*s, box);
    if (const auto* s = std::get_if<core::AudioSample>(&sample))
        return audioThumbnail(*s, box);
    if (const auto* s = std::get_if<core::SeriesSample>(&sample))
        return seriesThumbnail(*s, box);
    if (const auto* s = std::get_if<core::TextSample>(&sample))
        return textThumbnail(*s, box);
    return blank(box);
}

} // namespace augstudio::ui
