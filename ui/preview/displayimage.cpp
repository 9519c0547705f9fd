#include "ui/preview/displayimage.h"

#include "ui/preview/matimage.h"

#include <QColor>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace augstudio::ui::displayimage {

namespace {

void releaseMat(void* info) {
    delete static_cast<cv::Mat*>(info);
}

// Wraps a BGRA Mat (RGB32 / ARGB32 bytes on a little-endian machine) without a copy.
QImage wrapBgra(const cv::Mat& bgra, QImage::Format format) {
    auto* keep = new cv::Mat(bgra);
    return QImage(keep->data, keep->cols, keep->rows, int(keep->step), format, releaseMat, keep);
}

cv::Mat eightBit(const cv::Mat& mat) {
    if (mat.depth() == CV_8U)
        return mat;
    const double scale = mat.depth() == CV_16U                            ? 1.0 / 257.0
                         : mat.depth() == CV_32F || mat.depth() == CV_64F ? 255.0
                                                                          : 1.0;
    cv::Mat m8;
    mat.convertTo(m8, CV_8U, scale);
    return m8;
}

} // namespace

double fitZoom(QSize viewport, QSize picture) {
    if (viewport.width() <= 10 || viewport.height() <= 10 || picture.isEmpty())
        return 1.0;
    return std::min(double(viewport.width()) / picture.width(),
                    double(viewport.height()) / picture.height()) *
           0.95;
}

double shownScale(QSize viewport, QSize picture) {
    return std::min(1.0, fitZoom(viewport, picture));
}

cv::Size scaledSize(cv::Size size, double scale) {
    if (scale >= 1.0)
        return size;
    return {std::max(1, int(std::lround(size.width * scale))),
            std::max(1, int(std::lround(size.height * scale)))};
}

QImage picture(const cv::Mat& mat, double scale) {
    if (mat.empty())
        return {};
    cv::Mat m8 = eightBit(mat);
    if (m8.channels() == 2 || m8.channels() > 4) {
        cv::Mat first;
        cv::extractChannel(m8, first, 0);
        m8 = first;
    }
    if (scale < 1.0) {
        cv::Mat small;
        cv::resize(m8, small, scaledSize(m8.size(), scale), 0, 0, cv::INTER_AREA);
        m8 = small;
    }
    cv::Mat bgra;
    switch (m8.channels()) {
    case 1:
        cv::cvtColor(m8, bgra, cv::COLOR_GRAY2BGRA);
        return wrapBgra(bgra, QImage::Format_RGB32);
    case 3:
        cv::cvtColor(m8, bgra, cv::COLOR_BGR2BGRA);
        return wrapBgra(bgra, QImage::Format_RGB32);
    default:
        // Straight alpha as read; the pixmap wants it premultiplied.
        return matToQImage(m8).convertToFormat(QImage::Format_ARGB32_Premultiplied);
    }
}

QImage maskOverlay(const cv::Mat& mask, double scale) {
    cv::Mat m8;
    if (mask.depth() != CV_8U)
        mask.convertTo(m8, CV_8U);
    else
        m8 = mask;
    if (scale < 1.0) {
        cv::Mat small;
        cv::resize(m8, small, scaledSize(m8.size(), scale), 0, 0, cv::INTER_NEAREST);
        m8 = small;
    }
    QImage overlay(m8.cols, m8.rows, QImage::Format_ARGB32_Premultiplied);
    // A distinct colour per mask value, half transparent; 0 is background.
    QRgb colours[256];
    colours[0] = qRgba(0, 0, 0, 0);
    for (int v = 1; v < 256; ++v)
        colours[v] = qPremultiply(QColor::fromHsv((v * 67) % 360, 220, 255, 110).rgba());
    for (int y = 0; y < m8.rows; ++y) {
        const uchar* src = m8.ptr<uchar>(y);
        auto* dst = reinterpret_cast<QRgb*>(overlay.scanLine(y));
        for (int x = 0; x < m8.cols; ++x)
            dst[x] = colours[src[x]];
    }
    return overlay;
}

} // namespace augstudio::ui::displayimage
