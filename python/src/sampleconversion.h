#pragma once

#include "inputsample.h"

#include <pybind11/pybind11.h>

#include <string>
#include <vector>

namespace augstudio::python {

// numpy arrays and Python values in; core::Error naming the argument when one is wrong.
// Image: uint8/uint16/float32, H x W or H x W x C (C 1, 3, 4); mask H x W uint8/uint16;
// boxes (N, 4) pascal_voc pixels (their class id is their row, so labels can follow them);
// keypoints (N, 2). C-contiguous arrays are read in place, others are copied once.
InputSample imageInput(pybind11::handle image, pybind11::handle mask, pybind11::handle boxes,
                       pybind11::handle keypoints, bool rgb, const std::string& label);
// float32 (C, N) or (N,) in [-1, 1].
InputSample audioInput(pybind11::handle audio, int sampleRate, const std::string& label);
// float64 (T, C) or (T,); NaN marks a gap.
InputSample seriesInput(pybind11::handle series, const std::string& label);
InputSample textInput(pybind11::handle text, const std::string& label);

// A pipeline's result, prepared for numpy without the GIL (channel order, contiguity, audio
// planes in one buffer) and then handed over without a copy.
struct OutputSample {
    core::Sample sample;
    std::vector<float> audioPlanes; // multi-channel audio, C x N in one buffer
};
OutputSample finishOutput(core::Sample&& sample, const InputSample& input);
// (data, extra, seed, steps): image -> (image, (mask, boxes, box_ids, keypoints), ...);
// audio -> (audio, sample_rate, ...); series -> (series, None, ...); text -> (text, None,
// ...). With the GIL.
pybind11::tuple outputTuple(OutputSample&& output, const InputSample& input,
                            pybind11::object seed = pybind11::none(),
                            pybind11::object steps = pybind11::list());

} // namespace augstudio::python
