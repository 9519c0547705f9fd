#include "bindings.h"
#include "jsonobjects.h"
#include "partnercontext.h"
#include "sampleconversion.h"

#include "core/dataset/dataset.h"
#include "core/dataset/datasetpartners.h"
#include "core/dataset/datasetruncontext.h"
#include "core/io/itemfile.h"
#include "core/util/error.h"

#include <pybind11/stl.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace augstudio::python {

namespace py = pybind11;
namespace fs = std::filesystem;

namespace {

// A scanned dataset, and the table files (series and text tables) read so far: a table
// is decoded once, not once per row, when a DataLoader walks its rows.
class ScannedDataset {
public:
    ScannedDataset(core::Dataset d, bool metadata) : dataset(std::move(d)), metadata(metadata) {}
    core::Dataset dataset;
    bool metadata;
    core::ReadLimits limits; // what its items are read within (the scan's limits)

    const core::DatasetItem& item(int64_t index) const {
        if (index < 0 || index >= int64_t(dataset.items.size()))
            throw core::Error("index", "expected 0 <= index < " +
                                           std::to_string(dataset.items.size()) + ", got " +
                                           std::to_string(index));
        return dataset.items[size_t(index)];
    }

    // As the exporter reads it: whole files through loadItem, table rows from the table
    // read with bad rows skipped (rows numbered as the scan numbers them).
    core::Sample load(const core::DatasetItem& it) const {
        if (it.row < 0)
            return core::loadItem(dataset, it, limits);
        std::shared_ptr<const std::vector<core::Sample>> rows;
        {
            std::lock_guard lock(mutex_);
            if (auto found = tables_.find(it.file.string()); found != tables_.end())
                rows = found->second;
        }
        if (!rows) {
            auto read = std::make_shared<std::vector<core::Sample>>(
                core::readItemFile(it.file, dataset.modality, {limits, true}).samples);
            std::lock_guard lock(mutex_);
            rows = tables_.emplace(it.file.string(), std::move(read)).first->second;
        }
        if (size_t(it.row) >= rows->size())
            throw core::IoError(it.file.string(), "row " + std::to_string(it.row) + " not found");
        core::Sample s = core::cloneSample((*rows)[size_t(it.row)]);
        if (auto* a = std::get_if<core::AudioSample>(&s); a && a->label.empty())
            a->label = it.label;
        if (auto* t = std::get_if<core::SeriesSample>(&s); t && t->label.empty())
            t->label = it.label;
        if (auto* t = std::get_if<core::TextSample>(&s); t && t->label.empty())
            t->label = it.label;
        return s;
    }

private:
    mutable std::mutex mutex_;
    mutable std::map<std::string, std::shared_ptr<const std::vector<core::Sample>>> tables_;
};

py::dict itemDict(const core::Dataset& d, const core::DatasetItem& it) {
    py::dict out;
    out["key"] = it.key;
    out["file"] = it.file.string();
    out["row"] = it.row;
    out["label"] = it.label;
    out["split"] = it.split;
    if (d.modality == core::Modality::Image) {
        out["width"] = it.width;
        out["height"] = it.height;
        out["channels"] = it.channels;
        py::list boxes;
        for (const auto& b : it.boxes)
            boxes.append(py::make_tuple(b.x1, b.y1, b.x2, b.y2, b.classId));
        out["boxes"] = boxes;
        out["mask"] = it.mask.empty() ? py::object(py::none()) : py::str(it.mask.string());
    } else if (d.modality == core::Modality::Audio) {
        out["duration_s"] = it.durationS;
        out["sample_rate"] = it.sampleRate;
    } else if (d.modality == core::Modality::Series) {
        out["steps"] = it.steps;
        if (!it.seriesId.empty())
            out["series_id"] = it.seriesId;
    } else {
        out["text_length"] = it.textLength;
    }
    return out;
}

} // namespace

void bindDataset(py::module_& m) {
    py::class_<ScannedDataset, std::shared_ptr<ScannedDataset>>(m, "Dataset",
                                                                "A scanned dataset (core::Dataset)")
        .def_property_readonly("root",
                               [](const ScannedDataset& d) { return d.dataset.root.string(); })
        .def_property_readonly(
            "layout", [](const ScannedDataset& d) { return core::layoutName(d.dataset.layout); })
        .def_property_readonly(
            "modality",
            [](const ScannedDataset& d) { return core::modalityName(d.dataset.modality); })
        .def_property_readonly("classes", [](const ScannedDataset& d) { return d.dataset.classes; })
        .def_property_readonly("metadata", [](const ScannedDataset& d) { return d.metadata; })
        .def("__len__", [](const ScannedDataset& d) { return d.dataset.items.size(); })
        .def("item",
             [](const ScannedDataset& d, int64_t i) { return itemDict(d.dataset, d.item(i)); })
        .def("items",
             [](const ScannedDataset& d) {
                 py::list out;
                 for (const auto& it : d.dataset.items)
                     out.append(itemDict(d.dataset, it));
                 return out;
             })
        .def("keys",
             [](const ScannedDataset& d) {
                 std::vector<std::string> keys;
                 for (const auto& it : d.dataset.items)
                     keys.push_back(it.key);
                 return keys;
             })
        .def("labels",
             [](const ScannedDataset& d) {
                 std::vector<std::string> labels;
                 for (const auto& it : d.dataset.items)
                     labels.push_back(it.label);
                 return labels;
             })
        .def("splits",
             [](const ScannedDataset& d) {
                 std::vector<std::string> splits;
                 for (const auto& it : d.dataset.items)
                     splits.push_back(it.split);
                 return splits;
             })
        .def("bad",
             [](const ScannedDataset& d) {
                 py::list out;
                 for (const auto& b : d.dataset.bad) {
                     py::dict e;
                     e["path"] = b.path;
                     e["line"] = b.line;
                     e["reason"] = b.reason;
                     out.append(e);
                 }
                 return out;
             })
        .def("counts", [](const ScannedDataset& d) { return d.dataset.counts(); })
        .def("summary", [](const ScannedDataset& d) { return toPython(d.dataset.toJson()); })
        // The item decoded as the export reads it (images in core's BGR order; `rgb` asks
        // for RGB results), ready for Pipeline.run.
        .def(
            "load",
            [](const ScannedDataset& d, int64_t i, bool rgb) {
                const core::DatasetItem& it = d.item(i);
                InputSample in;
                {
                    py::gil_scoped_release release;
                    in.sample = d.load(it);
                }
                if (auto* image = std::get_if<core::ImageSample>(&in.sample))
                    in.swapOutput = rgb && image->image.channels() >= 3;
                return in;
            },
            py::arg("index"), py::arg("rgb") = true);
    m.def(
        "series_partners",
        [](const ScannedDataset& d, const std::vector<std::string>& splits) {
            std::shared_ptr<const core::SeriesPool> pool;
            {
                py::gil_scoped_release release;
                pool = core::seriesPartners(
                    d.dataset,
                    [&](const std::string& split) {
                        return std::find(splits.begin(), splits.end(), split) != splits.end();
                    },
                    d.limits);
            }
            // The holder is non-const; nothing mutates a pool after it is built.
            return std::const_pointer_cast<core::SeriesPool>(pool);
        },
        py::arg("dataset"), py::arg("splits"));
    m.def(
        "dataset_partners",
        [](const std::shared_ptr<ScannedDataset>& d, const core::Pipeline& pipeline,
           const std::vector<std::string>& splits) {
            auto context = std::make_shared<PartnerContext>();
            py::gil_scoped_release release;
            // The export's context: the dataset (kept alive by the source) within its limits.
            context->run = core::datasetRunContext(
                std::shared_ptr<const core::Dataset>(d, &d->dataset),
                [&](const std::string& split) {
                    return std::find(splits.begin(), splits.end(), split) != splits.end();
                },
                pipeline, d->limits);
            return context;
        },
        py::arg("dataset"), py::arg("pipeline"), py::arg("splits"));
    m.def(
        "scan",
        [](const std::string& path, bool metadata, int threads, double maxMegapixels,
           double maxAudioSeconds, int64_t maxSeriesValues) {
            core::ScanOptions options;
            options.metadata = metadata;
            options.threads = threads;
            options.limits = {maxMegapixels, maxAudioSeconds, maxSeriesValues};
            core::Dataset d;
            {
                py::gil_scoped_release release;
                d = core::scanDataset(fs::path(path), options);
            }
            auto scanned = std::make_shared<ScannedDataset>(std::move(d), metadata);
            scanned->limits = options.limits; // items are read within what the scan listed
            return scanned;
        },
        py::arg("path"), py::arg("metadata") = true, py::arg("threads") = 0,
        py::arg("max_megapixels") = core::ReadLimits{}.maxMegapixels,
        py::arg("max_audio_seconds") = core::ReadLimits{}.maxAudioSeconds,
        py::arg("max_series_values") = core::ReadLimits{}.maxSeriesValues);
}

} // namespace augstudio::python
