#include "core/dataset/dataset.h"

#include "core/io/image/imagefile.h"
#include "core/io/itemfile.h"
#include "core/util/error.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace augstudio::core {

const char* layoutName(Layout layout) {
    switch (layout) {
    case Layout::ClassFolders:
        return "class_folders";
    case Layout::SplitFolders:
        return "split_folders";
    case Layout::LabelsCsv:
        return "labels_csv";
    case Layout::Yolo:
        return "yolo";
    case Layout::Coco:
        return "coco";
    case Layout::Masks:
        return "masks";
    case Layout::UcrTsv:
        return "ucr_tsv";
    case Layout::SeriesCsvFolders:
        return "series_csv_folders";
    case Layout::LongCsv:
        return "long_csv";
    case Layout::TextTable:
        return "text_table";
    case Layout::Unlabelled:
        return "unlabelled";
    case Layout::HfMetadata:
        return "hf_metadata";
    case Layout::UeaTs:
        return "uea_ts";
    case Layout::WekaArff:
        return "weka_arff";
    }
    return "class_folders";
}

std::map<std::string, std::map<std::string, int64_t>> Dataset::counts() const {
    std::map<std::string, std::map<std::string, int64_t>> out;
    for (const auto& item : items)
        ++out[item.split][item.label];
    return out;
}

double Dataset::imbalanceRatio(const std::string& split) const {
    std::map<std::string, int64_t> perClass;
    for (const auto& item : items)
        if (!item.label.empty() && (split.empty() || item.split == split))
            ++perClass[item.label];
    if (perClass.size() < 2)
        return 1.0;
    int64_t lo = INT64_MAX, hi = 0;
    for (const auto& [c, n] : perClass) {
        lo = std::min(lo, n);
        hi = std::max(hi, n);
    }
    return double(hi) / double(lo);
}

nlohmann::json Dataset::toJson() const {
    nlohmann::json splits = nlohmann::json::object();
    for (const auto& [split, classes] : counts())
        for (const auto& [label, n] : classes)
            splits[split][label] = n;
    nlohmann::json badList = nlohmann::json::array();
    for (const auto& b : bad) {
        nlohmann::json j = {{"path", b.path}, {"reason", b.reason}};
        if (b.line > 0)
            j["line"] = b.line;
        badList.push_back(std::move(j));
    }
    nlohmann::json skippedList = nlohmann::json::array();
    for (const auto& s : skipped)
        skippedList.push_back({{"path", s.path}, {"reason", s.reason}});
    return {{"root", root.string()},
            {"layout", layoutName(layout)},
            {"modality", modalityName(modality)},
            {"items", items.size()},
            {"classes", classes},
            {"splits", splits},
            {"imbalance_ratio", std::round(imbalanceRatio() * 100) / 100},
            {"bad", badList},
            {"skipped", skippedList}};
}

Sample loadItem(const Dataset& dataset, const DatasetItem& item, const ReadLimits& limits) {
    switch (dataset.modality) {
    case Modality::Image: {
        ImageSample s = readImage(item.file, {limits.maxMegapixels});
        s.label = item.label;
        s.boxes = item.boxes;
        if (!item.mask.empty()) {
            s.mask = readMask(item.mask, {limits.maxMegapixels});
            if (s.mask.size() != s.image.size())
                throw IoError(item.mask.string(), "mask size differs from its image");
        }
        return s;
    }
    default: {
        ItemFile f = readItemFile(item.file, dataset.modality, {limits, false});
        const size_t index = item.row < 0 ? 0 : size_t(item.row);
        if (index >= f.samples.size())
            throw IoError(item.file.string(), "row " + std::to_string(item.row) + " not found");
        Sample s = std::move(f.samples[index]);
        if (auto* a = std::get_if<AudioSample>(&s); a && a->label.empty())
            a->label = item.label;
        if (auto* t = std::get_if<SeriesSample>(&s); t && t->label.empty())
            t->label = item.label;
        return s;
    }
    }
}

} // namespace augstudio::core
