#pragma once

#include "core/sample/sample.h"

#include <QImage>
#include <QSize>

namespace augstudio::ui {

// A small picture of a partner sample for the preview's partner strip: the image scaled to
// fit `box`, an audio clip's waveform, a series' curves, a text's first words. Painted into a
// QImage, so the render worker builds it and the GUI thread only wraps it in a pixmap.
QImage partnerThumbnail(const core::Sample& sample, QSize box);

} // namespace augstudio::ui
