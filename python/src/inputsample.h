#pragma once

#include "core/sample/sample.h"

#include <pybind11/pybind11.h>

#include <vector>

namespace augstudio::python {

// A sample handed to the pipeline: built from numpy arrays (its matrices are headers over
// the arrays' memory, which keepAlive holds) or loaded by core (owned). Never modified, so
// one input can be run, replayed and mapped any number of times.
class InputSample {
public:
    core::Sample sample;
    std::vector<pybind11::object> keepAlive; // destroyed with the GIL held, as Python owns us
    bool swapInput = false;  // the image is RGB(A): turn it into core's BGR(A) to run
    bool swapOutput = false; // give the result back in RGB(A)
    bool flatOutput = false; // an H x W image, an (N,) clip or a (T,) series: keep that shape

    // The copy the pipeline works on, in core's channel order. Runs without the GIL.
    core::Sample workingCopy() const;
};

} // namespace augstudio::python
