#include "ui/preview/matimage.h"

namespace augstudio::ui {

namespace {

void releaseMat(void* info) {
    delete static_cast<cv::Mat*>(info);
}

QImage wrap(const cv::Mat& m8, QImage::Format format) {
    auto* keep = new cv::Mat(m8); // shares the buffer: no pixel copy
    return QImage(keep->data, keep->cols, keep->rows, int(keep->step), format, releaseMat, keep);
}

} // namespace

QImage matToQImage(const cv::Mat& mat) {
    if (mat.empty())
        return {};
    cv::Mat m8 = mat;
    if (mat.depth() != CV_8U) {
        const double scale = mat.depth() == CV_16U                            ? 1.0 / 257.0
                             : mat.depth() == CV_32F || mat.depth() == CV_64F ? 255.0
                                                                              : 1.0;
        mat.convertTo(m8, CV_8U, scale);
    }
    switch (m8.channels()) {
    case 1:
        return wrap(m8, QImage::Format_Grayscale8);
    case 3:
        return wrap(m8, QImage::Format_BGR888);
    case 4:
        // BGRA bytes are ARGB32 on a little-endian machine.
        return wrap(m8, QImage::Format_ARGB32);
    default: {
        cv::Mat first;
        cv::extractChannel(m8, first, 0);
        return wrap(first, QImage::Format_Grayscale8);
    }
    }
}

} // namespace augstudio::ui
