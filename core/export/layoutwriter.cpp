#include "core/export/layoutwriter.h"

#include "core/dataset/yolo.h"
#include "core/export/itemcodec.h"
#include "core/io/image/imagefile.h"

namespace augstudio::core {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// Class folders, split folders, the unlabelled folder, tables: the file is all.
class PlainWriter : public LayoutWriter {
public:
    void addOutput(OutputFolder&, const LayoutOutput&, json&,
                   std::vector<std::string>&) const override {}
};

// A label file beside each image (labels/ for images/), boxes moved with the image.
class YoloWriter : public LayoutWriter {
public:
    YoloWriter(const Dataset& ds, const ConfinedRoot& root) : ds_(ds), root_(root) {}

    void addOutput(OutputFolder& out, const LayoutOutput& o, json&,
                   std::vector<std::string>& written) const override {
        const fs::path source = ds_.root / yolo::labelPathFor(fs::path(o.item.key));
        if (!fs::is_regular_file(source) || !root_.contains(source))
            return;
        const std::string labelRel = yolo::labelPathFor(fs::path(o.outRel)).generic_string();
        if (o.copy < 0) {
            out.copyFile(source, labelRel);
        } else {
            const auto& s = std::get<ImageSample>(o.sample);
            out.write(labelRel, yolo::formatLabels(s.boxes, s.image.cols, s.image.rows));
        }
        written.push_back(labelRel);
    }

private:
    const Dataset& ds_;
    const ConfinedRoot& root_;
};

// The mask under masks/, named like its image, moved with it.
class MasksWriter : public LayoutWriter {
public:
    explicit MasksWriter(const Dataset& ds) : ds_(ds) {}

    void addOutput(OutputFolder& out, const LayoutOutput& o, json&,
                   std::vector<std::string>& written) const override {
        if (o.item.mask.empty())
            return;
        const fs::path maskRel = o.item.mask.lexically_relative(ds_.root);
        const std::string maskOut = outputName(maskRel, o.copy, maskRel.extension().string());
        if (o.copy < 0) {
            out.copyFile(o.item.mask, maskOut);
        } else {
            const auto bytes =
                encodeImage(maskRel.extension().string(), std::get<ImageSample>(o.sample).mask);
            out.write(maskOut, bytes.data(), bytes.size());
        }
        written.push_back(maskOut);
    }

private:
    const Dataset& ds_;
};

// The image's entry of the new COCO document: its name as the JSON wrote it, size, boxes
// (each [x1, y1, x2, y2, class] and its polygon rings when it has any).
class CocoWriter : public LayoutWriter {
public:
    void addOutput(OutputFolder&, const LayoutOutput& o, json& entry,
                   std::vector<std::string>&) const override {
        const auto& s = std::get<ImageSample>(o.sample);
        json boxes = json::array();
        for (const auto& b : s.boxes) {
            json box = {b.x1, b.y1, b.x2, b.y2, b.classId};
            if (!b.polygon.empty()) { // COCO's flat rings [x0, y0, x1, y1, ...]
                json rings = json::array();
                for (const auto& ring : b.polygon) {
                    json flat = json::array();
                    for (const cv::Point2d& q : ring) {
                        flat.push_back(q.x);
                        flat.push_back(q.y);
                    }
                    rings.push_back(std::move(flat));
                }
                box.push_back(std::move(rings));
            }
            boxes.push_back(std::move(box));
        }
        const fs::path name =
            fs::path(o.item.sourceName).parent_path() / fs::path(o.outRel).filename();
        entry["coco"] = {{"file_name", name.generic_string()},
                         {"width", s.image.cols},
                         {"height", s.image.rows},
                         {"boxes", boxes}};
    }
};

// A row of the labels CSV or the HF metadata file: the output named as its source was.
class NamedRowWriter : public LayoutWriter {
public:
    void addOutput(OutputFolder&, const LayoutOutput& o, json& entry,
                   std::vector<std::string>&) const override {
        entry["name"] = (fs::path(o.item.sourceName).parent_path() / fs::path(o.outRel).filename())
                            .generic_string();
    }
};

} // namespace

std::unique_ptr<LayoutWriter> LayoutWriter::forLayout(const Dataset& ds,
                                                      const ConfinedRoot& datasetRoot) {
    switch (ds.layout) {
    case Layout::Yolo:
        return std::make_unique<YoloWriter>(ds, datasetRoot);
    case Layout::Masks:
        return std::make_unique<MasksWriter>(ds);
    case Layout::Coco:
        return std::make_unique<CocoWriter>();
    case Layout::LabelsCsv:
    case Layout::HfMetadata:
        return std::make_unique<NamedRowWriter>();
    default:
        return std::make_unique<PlainWriter>();
    }
}

} // namespace augstudio::core
