#pragma once

#include <QImage>
#include <QSize>

#include <opencv2/core.hpp>

// The pictures the image preview shows, built on the render worker: converted to the
// pixmap's own format and already reduced to the size shown, so the GUI thread only wraps
// them in pixmaps (issue 14 measured GUI-thread stalls when it converted and scaled).
namespace augstudio::ui::displayimage {

// The zoom that fits `picture` into `viewport` with a small margin; 1 when either is empty.
double fitZoom(QSize viewport, QSize picture);
// The scale a picture of `picture` pixels is built at for a view of `viewport` pixels at fit
// zoom: the fit zoom when it shrinks the picture, else 1 (full resolution); 1 without a view.
double shownScale(QSize viewport, QSize picture);
// `mat` (any depth, 1-4 channels) at `scale` of its size (area-averaged), as an opaque RGB32
// image (ARGB32 premultiplied for 4 channels): what a raster pixmap holds, so wrapping it
// costs a copy at most.
QImage picture(const cv::Mat& mat, double scale = 1.0);
// A mask as a half-transparent colour per value (0 is clear) at `scale` of its size
// (nearest, so values stay values).
QImage maskOverlay(const cv::Mat& mask, double scale = 1.0);
// The size `size` has at `scale`, at least 1x1.
cv::Size scaledSize(cv::Size size, double scale);

} // namespace augstudio::ui::displayimage
