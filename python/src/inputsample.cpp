#include "inputsample.h"

#include <opencv2/imgproc.hpp>

namespace augstudio::python {

namespace {

int swapCode(int channels, bool toBgr) {
    if (channels == 3)
        return toBgr ? cv::COLOR_RGB2BGR : cv::COLOR_BGR2RGB;
    return toBgr ? cv::COLOR_RGBA2BGRA : cv::COLOR_BGRA2RGBA;
}

} // namespace

core::Sample InputSample::workingCopy() const {
    const auto* image = std::get_if<core::ImageSample>(&sample);
    if (!image || !swapInput || image->image.channels() < 3)
        return core::cloneSample(sample);
    // The channel swap writes the copy the pipeline needs anyway: one pass over the pixels.
    core::ImageSample copy;
    cv::cvtColor(image->image, copy.image, swapCode(image->image.channels(), true));
    copy.mask = image->mask.clone();
    copy.boxes = image->boxes;
    copy.keypoints = image->keypoints;
    copy.minVisibility = image->minVisibility;
    copy.label = image->label;
    return copy;
}

} // namespace augstudio::python
