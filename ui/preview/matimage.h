#pragma once

#include <QImage>

#include <opencv2/core.hpp>

namespace augstudio::ui {

// cv::Mat -> QImage at the ui boundary. 8-bit 1/3/4-channel images are wrapped without a
// copy (the QImage's cleanup function keeps the Mat alive); other depths are scaled to 8 bits
// first (16-bit by 1/257, float assumed in [0, 1]).
QImage matToQImage(const cv::Mat& mat);

} // namespace augstudio::ui
