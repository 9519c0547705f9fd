#include "sampleconversion.h"

#include "core/util/error.h"

#include <opencv2/imgproc.hpp>
#include <pybind11/numpy.h>

#include <climits>
#include <memory>

namespace augstudio::python {

namespace py = pybind11;
using core::Error;

namespace {

std::string shapeText(const py::array& a) {
    std::string s = "(";
    for (py::ssize_t i = 0; i < a.ndim(); ++i)
        s += (i ? ", " : "") + std::to_string(a.shape(i));
    return s + (a.ndim() == 1 ? ",)" : ")");
}

std::string dtypeText(const py::array& a) {
    return py::str(a.dtype()).cast<std::string>();
}

py::array asArray(py::handle h, const char* name) {
    if (!py::isinstance<py::array>(h))
        throw Error(name, "expected a numpy array, got " +
                              py::str(py::type::of(h).attr("__name__")).cast<std::string>());
    py::array a = py::reinterpret_borrow<py::array>(h);
    // Read in place when C-contiguous; otherwise one contiguous copy.
    if (!(a.flags() & py::array::c_style))
        a = py::array::ensure(a, py::array::c_style);
    return a;
}

int depthOf(const py::array& a, const char* name, bool allowFloat) {
    if (a.dtype().equal(py::dtype::of<uint8_t>()))
        return CV_8U;
    if (a.dtype().equal(py::dtype::of<uint16_t>()))
        return CV_16U;
    if (allowFloat && a.dtype().equal(py::dtype::of<float>()))
        return CV_32F;
    throw Error(name, std::string("expected dtype uint8") +
                          (allowFloat ? ", uint16 or float32" : " or uint16") + ", got " +
                          dtypeText(a));
}

int dimension(py::ssize_t n, const char* name) {
    if (n < 1 || n > INT_MAX / 8)
        throw Error(name, "expected a non-empty array of at most " + std::to_string(INT_MAX / 8) +
                              " rows and columns, got a dimension of " + std::to_string(n));
    return int(n);
}

// A header over the array's memory: core never writes to an input (it runs on a copy).
cv::Mat header(const py::array& a, int rows, int cols, int type) {
    return cv::Mat(rows, cols, type, const_cast<void*>(a.data()));
}

std::vector<double> pointsOf(py::handle h, const char* name, py::ssize_t width) {
    py::array_t<double, py::array::c_style | py::array::forcecast> a;
    try {
        a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(h);
    } catch (const py::error_already_set&) {
    }
    if (!a || a.ndim() != 2 || (a.shape(1) != width && a.shape(0) != 0)) {
        PyErr_Clear();
        throw Error(name, "expected an (N, " + std::to_string(width) + ") array of numbers");
    }
    const double* p = a.data();
    std::vector<double> v(p, p + a.size());
    for (double x : v)
        if (!std::isfinite(x))
            throw Error(name, "expected finite coordinates");
    return v;
}

py::dtype dtypeOfDepth(int depth) {
    switch (depth) {
    case CV_8U:
        return py::dtype::of<uint8_t>();
    case CV_16U:
        return py::dtype::of<uint16_t>();
    case CV_32F:
        return py::dtype::of<float>();
    case CV_64F:
        return py::dtype::of<double>();
    case CV_16S:
        return py::dtype::of<int16_t>();
    case CV_32S:
        return py::dtype::of<int32_t>();
    default:
        return py::dtype::of<int8_t>();
    }
}

// The matrix handed to numpy: the array's base owns it, no pixel is copied.
py::array arrayOfMat(cv::Mat&& m, bool withChannelAxis) {
    auto owner = std::make_unique<cv::Mat>(std::move(m));
    const cv::Mat& mat = *owner;
    const py::ssize_t elem = py::ssize_t(mat.elemSize1());
    std::vector<py::ssize_t> shape{mat.rows, mat.cols},
        strides{py::ssize_t(mat.step[0]), py::ssize_t(mat.elemSize())};
    if (withChannelAxis) {
        shape.push_back(mat.channels());
        strides.push_back(elem);
    }
    void* data = mat.data;
    py::capsule base(owner.release(), [](void* p) { delete static_cast<cv::Mat*>(p); });
    return py::array(dtypeOfDepth(mat.depth()), shape, strides, data, base);
}

template <class T> py::array arrayOfVector(std::vector<T>&& v, std::vector<py::ssize_t> shape) {
    auto owner = std::make_unique<std::vector<T>>(std::move(v));
    void* data = owner->data();
    py::capsule base(owner.release(), [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return py::array(py::dtype::of<T>(), shape, {}, data, base);
}

} // namespace

InputSample imageInput(py::handle image, py::handle mask, py::handle boxes, py::handle keypoints,
                       bool rgb, const std::string& label) {
    InputSample in;
    core::ImageSample s;
    const py::array a = asArray(image, "image");
    if (a.ndim() != 2 && a.ndim() != 3)
        throw Error("image", "expected an H x W or H x W x C array, got shape " + shapeText(a));
    const int channels = a.ndim() == 2 ? 1 : int(a.shape(2));
    if (channels != 1 && channels != 3 && channels != 4)
        throw Error("image", "expected 1, 3 or 4 channels, got shape " + shapeText(a));
    const int depth = depthOf(a, "image", true);
    const int rows = dimension(a.shape(0), "image"), cols = dimension(a.shape(1), "image");
    s.image = header(a, rows, cols, CV_MAKETYPE(depth, channels));
    in.keepAlive.push_back(a);
    in.flatOutput = a.ndim() == 2;
    in.swapInput = in.swapOutput = rgb && channels >= 3;
    if (!mask.is_none()) {
        const py::array m = asArray(mask, "mask");
        if (m.ndim() != 2 || m.shape(0) != rows || m.shape(1) != cols)
            throw Error("mask", "expected an H x W array matching the image (" +
                                    std::to_string(rows) + ", " + std::to_string(cols) +
                                    "), got shape " + shapeText(m));
        s.mask = header(m, rows, cols, depthOf(m, "mask", false));
        in.keepAlive.push_back(m);
    }
    if (!boxes.is_none()) {
        const std::vector<double> v = pointsOf(boxes, "boxes", 4);
        for (size_t i = 0; i + 3 < v.size(); i += 4) {
            if (!(v[i + 2] > v[i] && v[i + 3] > v[i + 1]))
                throw Error("boxes", "box " + std::to_string(i / 4) +
                                         " is empty or inverted (x2 <= x1 or y2 <= y1)");
            s.boxes.push_back({v[i], v[i + 1], v[i + 2], v[i + 3], int(i / 4)});
        }
    }
    if (!keypoints.is_none()) {
        const std::vector<double> v = pointsOf(keypoints, "keypoints", 2);
        for (size_t i = 0; i + 1 < v.size(); i += 2)
            s.keypoints.push_back({v[i], v[i + 1]});
    }
    s.label = label;
    in.sample = std::move(s);
    return in;
}

InputSample audioInput(py::handle audio, int sampleRate, const std::string& label) {
    InputSample in;
    const py::array a = asArray(audio, "audio");
    if (a.ndim() != 1 && a.ndim() != 2)
        throw Error("audio",
                    "expected a (channels, frames) or (frames,) array, got shape " + shapeText(a));
    if (!a.dtype().equal(py::dtype::of<float>()))
        throw Error("audio", "expected dtype float32, got " + dtypeText(a));
    if (sampleRate <= 0)
        throw Error("sample_rate", "expected a positive number of frames per second");
    const py::ssize_t channels = a.ndim() == 1 ? 1 : a.shape(0);
    const py::ssize_t frames = a.ndim() == 1 ? a.shape(0) : a.shape(1);
    if (channels < 1 || channels > 64 || frames < 1)
        throw Error("audio",
                    "expected 1 to 64 channels of at least one frame, got shape " + shapeText(a));
    core::AudioSample s;
    const float* p = static_cast<const float*>(a.data());
    for (py::ssize_t c = 0; c < channels; ++c)
        s.channels.emplace_back(p + c * frames, p + (c + 1) * frames);
    s.sampleRate = sampleRate;
    s.label = label;
    in.sample = std::move(s);
    in.flatOutput = a.ndim() == 1;
    return in;
}

InputSample seriesInput(py::handle series, const std::string& label) {
    InputSample in;
    const py::array a = asArray(series, "series");
    if (a.ndim() != 1 && a.ndim() != 2)
        throw Error("series",
                    "expected a (steps, channels) or (steps,) array, got shape " + shapeText(a));
    if (!a.dtype().equal(py::dtype::of<double>()))
        throw Error("series", "expected dtype float64, got " + dtypeText(a));
    core::SeriesSample s;
    const int steps = dimension(a.shape(0), "series");
    const int channels = a.ndim() == 1 ? 1 : dimension(a.shape(1), "series");
    s.values = header(a, steps, channels, CV_64FC1);
    in.keepAlive.push_back(a);
    s.label = label;
    in.sample = std::move(s);
    in.flatOutput = a.ndim() == 1;
    return in;
}

InputSample textInput(py::handle text, const std::string& label) {
    if (!py::isinstance<py::str>(text))
        throw Error("text", "expected a str, got " +
                                py::str(py::type::of(text).attr("__name__")).cast<std::string>());
    InputSample in;
    in.sample = core::TextSample{text.cast<std::string>(), label};
    return in;
}

OutputSample finishOutput(core::Sample&& sample, const InputSample& input) {
    OutputSample out;
    if (auto* image = std::get_if<core::ImageSample>(&sample)) {
        if (!image->image.isContinuous())
            image->image = image->image.clone();
        if (input.swapOutput && image->image.channels() >= 3)
            cv::cvtColor(image->image, image->image,
                         image->image.channels() == 3 ? cv::COLOR_BGR2RGB : cv::COLOR_BGRA2RGBA);
        if (!image->mask.empty() && !image->mask.isContinuous())
            image->mask = image->mask.clone();
    } else if (auto* audio = std::get_if<core::AudioSample>(&sample)) {
        if (audio->channels.size() > 1) {
            const size_t frames = audio->channels[0].size();
            out.audioPlanes.reserve(frames * audio->channels.size());
            for (const auto& c : audio->channels)
                out.audioPlanes.insert(out.audioPlanes.end(), c.begin(), c.end());
        }
    } else if (auto* series = std::get_if<core::SeriesSample>(&sample)) {
        if (!series->values.isContinuous())
            series->values = series->values.clone();
    }
    out.sample = std::move(sample);
    return out;
}

py::tuple outputTuple(OutputSample&& out, const InputSample& input, py::object seed,
                      py::object steps) {
    if (auto* image = std::get_if<core::ImageSample>(&out.sample)) {
        const bool channelAxis = !(input.flatOutput && image->image.channels() == 1);
        py::object img = arrayOfMat(std::move(image->image), channelAxis);
        const auto& given = std::get<core::ImageSample>(input.sample);
        py::object mask = py::none();
        if (!image->mask.empty())
            mask = arrayOfMat(std::move(image->mask), false);
        py::object boxes = py::none(), ids = py::none(), keypoints = py::none();
        if (!given.boxes.empty() || !image->boxes.empty()) {
            py::array_t<double> b({py::ssize_t(image->boxes.size()), py::ssize_t(4)});
            py::array_t<int64_t> k(py::ssize_t(image->boxes.size()));
            auto bv = b.mutable_unchecked<2>();
            auto kv = k.mutable_unchecked<1>();
            for (size_t i = 0; i < image->boxes.size(); ++i) {
                const auto& x = image->boxes[i];
                bv(i, 0) = x.x1, bv(i, 1) = x.y1, bv(i, 2) = x.x2, bv(i, 3) = x.y2;
                kv(i) = x.classId;
            }
            boxes = std::move(b);
            ids = std::move(k);
        }
        if (!given.keypoints.empty() || !image->keypoints.empty()) {
            py::array_t<double> kp({py::ssize_t(image->keypoints.size()), py::ssize_t(2)});
            auto v = kp.mutable_unchecked<2>();
            for (size_t i = 0; i < image->keypoints.size(); ++i)
                v(i, 0) = image->keypoints[i].x, v(i, 1) = image->keypoints[i].y;
            keypoints = std::move(kp);
        }
        return py::make_tuple(img, py::make_tuple(mask, boxes, ids, keypoints), seed, steps);
    }
    if (auto* audio = std::get_if<core::AudioSample>(&out.sample)) {
        const py::ssize_t channels = py::ssize_t(audio->channels.size());
        const py::ssize_t frames = py::ssize_t(audio->frames());
        py::array a;
        if (channels == 1)
            a = arrayOfVector(std::move(audio->channels[0]),
                              input.flatOutput ? std::vector<py::ssize_t>{frames}
                                               : std::vector<py::ssize_t>{1, frames});
        else
            a = arrayOfVector(std::move(out.audioPlanes), {channels, frames});
        return py::make_tuple(a, audio->sampleRate, seed, steps);
    }
    if (auto* series = std::get_if<core::SeriesSample>(&out.sample)) {
        const bool flat = input.flatOutput && series->values.cols == 1;
        py::array a = arrayOfMat(std::move(series->values), false);
        if (flat)
            a = a.attr("reshape")(-1);
        return py::make_tuple(a, py::none(), seed, steps);
    }
    auto& text = std::get<core::TextSample>(out.sample);
    return py::make_tuple(py::str(text.text), py::none(), seed, steps);
}

} // namespace augstudio::python
