#include "core/dataset/coco.h"
#include "core/util/error.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace augstudio::core::coco {

namespace fs = std::filesystem;
using json = nlohmann::json;

bool looksLikeCoco(const json& doc) {
    return doc.is_object() && doc.contains("images") && doc["images"].is_array() &&
           doc.contains("annotations") && doc["annotations"].is_array() &&
           doc.contains("categories") && doc["categories"].is_array();
}

namespace {

// The polygons of an annotation's "segmentation" ([[x, y, x, y, ...], ...] in pixels); run-length
// encodings (crowd regions) and rings of fewer than 3 finite points are left out.
std::vector<std::vector<cv::Point2d>> cocoPolygonOf(const nlohmann::json& annotation) {
    std::vector<std::vector<cv::Point2d>> rings;
    const auto it = annotation.find("segmentation");
    if (it == annotation.end() || !it->is_array())
        return rings;
    for (const auto& flat : *it) {
        if (!flat.is_array() || flat.size() < 6 || flat.size() % 2 != 0)
            continue;
        std::vector<cv::Point2d> ring;
        for (size_t k = 0; k + 1 < flat.size(); k += 2) {
            if (!flat[k].is_number() || !flat[k + 1].is_number())
                break;
            const double x = flat[k].get<double>(), y = flat[k + 1].get<double>();
            if (!std::isfinite(x) || !std::isfinite(y))
                break;
            ring.push_back({x, y});
        }
        if (ring.size() * 2 == flat.size())
            rings.push_back(std::move(ring));
    }
    return rings;
}

std::string splitOfFile(const std::string& name) {
    std::string n;
    for (char c : name)
        n += char(std::tolower(static_cast<unsigned char>(c)));
    if (n.find("train") != std::string::npos)
        return "train";
    if (n.find("val") != std::string::npos)
        return "val";
    if (n.find("test") != std::string::npos)
        return "test";
    return "train";
}

// Where an image's file_name points: beside the annotations folder in images/, images/<split>/,
// <split>/, or the root itself; only places inside the root are looked at.
std::vector<fs::path> imageFolders(const fs::path& root, const fs::path& jsonFile,
                                   const std::string& stem) {
    return {root / "images",
            root / "images" / stem,
            root / stem,
            root,
            jsonFile.parent_path(),
            jsonFile.parent_path().parent_path() / "images"};
}

// obj[key] as an integer of type T, `fallback` when absent. A float is truncated when in
// range; out of range, or not a number, throws naming the field (nlohmann's own conversion
// of a huge float to an integer is undefined).
template <class T>
T integerField(const json& obj, const char* key, T fallback, const std::string& field) {
    if (!obj.is_object())
        throw IoError(field, "expected an object");
    const auto it = obj.find(key);
    if (it == obj.end())
        return fallback;
    const std::string where = field + "." + key;
    using Limits = std::numeric_limits<T>;
    if (it->is_number_unsigned()) {
        if (it->template get<uint64_t>() > uint64_t(Limits::max()))
            throw IoError(where, "integer out of range");
        return T(it->template get<uint64_t>());
    }
    if (it->is_number_integer()) {
        const int64_t v = it->template get<int64_t>();
        if (v < int64_t(Limits::min()) || v > int64_t(Limits::max()))
            throw IoError(where, "integer out of range");
        return T(v);
    }
    if (it->is_number_float()) {
        const double v = it->template get<double>();
        if (!(v >= double(Limits::min()) && v < double(Limits::max())))
            throw IoError(where, "integer out of range");
        return T(v);
    }
    throw IoError(where, "expected an integer");
}

// The entries of one COCO document into `ds`. `field` follows the entry being read, so a
// value of the wrong type (nlohmann throws) is reported with the entry that holds it.
void readDocument(const fs::path& jsonFile, const std::string& rel, const ConfinedRoot& confined,
                  json& doc, Dataset& ds, std::string& field) {
    // Categories: the first file defines them; later files of other splits share them.
    std::map<int64_t, int> categoryIndex;
    if (!ds.extra.contains("categories")) {
        ds.extra["categories"] = doc["categories"];
        for (size_t i = 0; i < doc["categories"].size(); ++i) {
            field = "categories[" + std::to_string(i) + "]";
            const json& c = doc["categories"][i];
            ds.classes.push_back(
                c.value("name", std::to_string(integerField<int64_t>(c, "id", 0, field))));
        }
    }
    for (size_t i = 0; i < ds.extra["categories"].size(); ++i) {
        field = "categories[" + std::to_string(i) + "]";
        categoryIndex[integerField<int64_t>(ds.extra["categories"][i], "id", 0, field)] = int(i);
    }

    const std::string split = splitOfFile(jsonFile.stem().string());
    std::string stem = jsonFile.stem().string(); // e.g. instances_train2017 -> train2017
    if (const auto us = stem.rfind('_'); us != std::string::npos)
        stem = stem.substr(us + 1);
    std::map<int64_t, size_t> itemOfImage;
    int64_t index = 0;
    for (const auto& im : doc["images"]) {
        field = "images[" + std::to_string(index++) + "]";
        const std::string where = rel + ": " + field;
        if (!im.is_object() || !im.contains("id") || !im["id"].is_number_integer() ||
            !im.contains("file_name") || !im["file_name"].is_string()) {
            ds.bad.push_back({where, 0, "image entry without an integer id and a file_name"});
            continue;
        }
        const std::string fileName = im["file_name"].get<std::string>();
        bool left = false;
        const fs::path file =
            confined.locateFile(fs::path(fileName), imageFolders(ds.root, jsonFile, stem), left);
        if (file.empty()) {
            ds.bad.push_back({rel, 0,
                              left ? std::string(ConfinedRoot::kLeavesDataset) + ": " + fileName
                                   : "references a missing image: " + fileName});
            continue;
        }
        DatasetItem item;
        item.file = file;
        item.key = (file).lexically_relative(ds.root).generic_string();
        item.split = split;
        item.container = rel;
        item.sourceName = fileName;
        item.width = integerField<int>(im, "width", 0, field);
        item.height = integerField<int>(im, "height", 0, field);
        itemOfImage[im["id"].get<int64_t>()] = ds.items.size();
        ds.items.push_back(std::move(item));
    }
    index = 0;
    std::vector<std::map<int, int>> classVotes(ds.items.size());
    for (const auto& a : doc["annotations"]) {
        const int64_t ai = index++;
        field = "annotations[" + std::to_string(ai) + "]";
        auto report = [&](const std::string& reason) {
            ds.bad.push_back({rel + ": annotations[" + std::to_string(ai) + "]", 0, reason});
        };
        if (!a.is_object() || !a.contains("image_id") || !a.contains("bbox") ||
            !a["bbox"].is_array() || a["bbox"].size() != 4 || !a.contains("category_id")) {
            report("annotation without image_id, category_id and a 4-number bbox");
            continue;
        }
        bool numeric = true;
        for (const auto& v : a["bbox"])
            numeric = numeric && v.is_number();
        if (!numeric || !a["image_id"].is_number_integer() ||
            !a["category_id"].is_number_integer()) {
            report("bbox, image_id or category_id is not a number");
            continue;
        }
        const auto it = itemOfImage.find(a["image_id"].get<int64_t>());
        if (it == itemOfImage.end()) {
            report("refers to an unknown or missing image id " +
                   std::to_string(a["image_id"].get<int64_t>()));
            continue;
        }
        const auto cat = categoryIndex.find(a["category_id"].get<int64_t>());
        if (cat == categoryIndex.end()) {
            report("unknown category id " + std::to_string(a["category_id"].get<int64_t>()));
            continue;
        }
        const double x = a["bbox"][0], y = a["bbox"][1], w = a["bbox"][2], h = a["bbox"][3];
        BoundingBox box{x, y, x + w, y + h, cat->second};
        box.polygon = cocoPolygonOf(a);
        ds.items[it->second].boxes.push_back(std::move(box));
        ++classVotes[it->second][cat->second];
    }
    // An image's class (for balance) is its most frequent category.
    for (const auto& [id, i] : itemOfImage) {
        (void)id;
        int best = -1, bestCount = 0;
        for (const auto& [c, n] : classVotes[i])
            if (n > bestCount)
                best = c, bestCount = n;
        if (best >= 0)
            ds.items[i].label = ds.classes.at(size_t(best));
    }
}

} // namespace

void readAnnotations(const fs::path& jsonFile, const ConfinedRoot& confined, Dataset& ds) {
    const std::string rel = (jsonFile).lexically_relative(ds.root).generic_string();
    json doc;
    {
        std::ifstream in(jsonFile, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        try {
            doc = json::parse(s.str());
        } catch (const json::exception& e) {
            // parse_error, and out_of_range for a number such as 22e2222.
            ds.bad.push_back({rel, 0, std::string("malformed COCO JSON: ") + e.what()});
            return;
        }
    }
    if (!looksLikeCoco(doc)) {
        ds.bad.push_back({rel, 0, "not a COCO file (expects images, annotations, categories)"});
        return;
    }
    // A wrongly typed value drops the whole file: what it added so far is taken back.
    const size_t items = ds.items.size(), classes = ds.classes.size();
    const bool hadCategories = ds.extra.contains("categories");
    std::string field;
    try {
        readDocument(jsonFile, rel, confined, doc, ds, field);
    } catch (const std::exception& e) { // json::exception, or an IoError naming the field
        ds.items.resize(items);
        ds.classes.resize(classes);
        if (!hadCategories && ds.extra.is_object())
            ds.extra.erase("categories");
        const auto* io = dynamic_cast<const IoError*>(&e);
        ds.bad.push_back({rel + ": " + (io ? io->where() : field), 0,
                          std::string("malformed COCO entry: ") + (io ? io->reason() : e.what())});
    }
}

json buildDocument(const json& categories, const std::vector<OutputImage>& images) {
    json doc = {
        {"images", json::array()}, {"annotations", json::array()}, {"categories", categories}};
    int64_t annId = 1;
    for (size_t i = 0; i < images.size(); ++i) {
        const auto& im = images[i];
        const int64_t imageId = int64_t(i) + 1;
        doc["images"].push_back({{"id", imageId},
                                 {"file_name", im.fileName},
                                 {"width", im.width},
                                 {"height", im.height}});
        for (const auto& b : im.boxes) {
            const double w = b.x2 - b.x1, h = b.y2 - b.y1;
            json annotation = {
                {"id", annId++},
                {"image_id", imageId},
                {"category_id", categories.at(size_t(b.classId)).value("id", int64_t(b.classId))},
                {"bbox", {b.x1, b.y1, w, h}},
                {"area", w * h},
                {"iscrowd", 0}};
            if (!b.polygon.empty()) {
                json rings = json::array();
                double area = 0;
                for (const auto& ring : b.polygon) {
                    json flat = json::array();
                    for (const auto& p : ring)
                        flat.push_back(p.x), flat.push_back(p.y);
                    rings.push_back(std::move(flat));
                    std::vector<cv::Point2f> points(ring.begin(), ring.end());
                    area += points.size() >= 3 ? cv::contourArea(points) : 0.0;
                }
                annotation["segmentation"] = std::move(rings);
                annotation["area"] = area; // COCO's area is the segmentation's
            }
            doc["annotations"].push_back(std::move(annotation));
        }
    }
    return doc;
}

} // namespace augstudio::core::coco
