#include "core/export/records.h"

#include "core/dataset/coco.h"
#include "core/dataset/hfmetadata.h"
#include "core/io/itemfile.h"
#include "core/io/table/csv.h"
#include "core/pipeline/softlabel.h"
#include "core/util/error.h"

#include <cmath>
#include <regex>

namespace augstudio::core::records {

namespace fs = std::filesystem;
using json = nlohmann::json;

json sampleToJson(const Sample& sample) {
    if (const auto* t = std::get_if<TextSample>(&sample))
        return {{"text", t->text}, {"label", t->label}};
    if (const auto* s = std::get_if<SeriesSample>(&sample)) {
        json values = json::array();
        for (int r = 0; r < s->values.rows; ++r) {
            json row = json::array();
            for (int c = 0; c < s->values.cols; ++c) {
                const double v = s->values.at<double>(r, c);
                row.push_back(std::isnan(v) ? json(nullptr) : json(v));
            }
            values.push_back(std::move(row));
        }
        return {{"values", values},
                {"channels", s->channelNames},
                {"timestamps", s->timestamps},
                {"label", s->label}};
    }
    throw IoError("", "only series and text rows are kept in records");
}

Sample sampleFromJson(const json& j, Modality modality) {
    if (modality == Modality::Text)
        return TextSample{j.at("text").get<std::string>(), j.at("label").get<std::string>()};
    SeriesSample s;
    const json& values = j.at("values");
    const int rows = int(values.size()), cols = rows > 0 ? int(values[0].size()) : 0;
    s.values = cv::Mat(rows, cols, CV_64FC1);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const json& v = values[size_t(r)][size_t(c)];
            s.values.at<double>(r, c) = v.is_null() ? std::nan("") : v.get<double>();
        }
    s.channelNames = j.value("channels", std::vector<std::string>{});
    s.timestamps = j.value("timestamps", std::vector<double>{});
    s.label = j.value("label", "");
    return s;
}

Assembly::Assembly(const Dataset& ds, StreamedFile* manifest) : ds_(ds), manifest_(manifest) {}

void Assembly::add(const DatasetItem& item, const json& record) {
    if (record.contains("error")) {
        failures_.emplace_back(item.key, record["error"].get<std::string>());
        return;
    }
    for (const json& entry : record.at("outputs")) {
        json line = entry.at("manifest");
        if (entry.contains("row")) {
            auto& rows = tables_[line["output"].get<std::string>()];
            line["output"] = line["output"].get<std::string>() + "#" + std::to_string(rows.size());
            rows.push_back(entry["row"]);
        }
        if (entry.contains("coco"))
            coco_[item.container].push_back(entry["coco"]);
        if (entry.contains("name") && ds_.layout == Layout::HfMetadata) {
            metadataRows_[item.container].push_back(
                {entry["name"].get<std::string>(), item.sourceName});
        } else if (entry.contains("name")) {
            std::vector<std::string> row = {entry["name"].get<std::string>(), item.label};
            if (ds_.extra.contains("labels_columns") && ds_.extra["labels_columns"].size() > 2)
                row.push_back(line["split"].get<std::string>());
            labelRows_.push_back(std::move(row));
        }
        if (entry.contains("stats")) {
            const json& st = entry["stats"];
            const size_t channels = st["sum"].size();
            if (sum_.empty())
                sum_.assign(channels, 0.0), sumsq_.assign(channels, 0.0);
            if (channels == sum_.size()) {
                statN_ += st["n"].get<double>();
                for (size_t c = 0; c < channels; ++c) {
                    sum_[c] += st["sum"][c].get<double>();
                    sumsq_[c] += st["sumsq"][c].get<double>();
                }
            }
        }
        ++after_[line["split"].get<std::string>()][line["class"].get<std::string>()];
        ++outputs_;
        const std::string& outputName = line["output"].get_ref<const std::string&>();
        const json& steps = line["steps"];
        mixed_ = mixed_ || mixedInPartners(steps);
        for (const auto& [cls, weight] : softLabelOf(line["class"].get<std::string>(), steps)) {
            csv::appendField(softLabels_, outputName, ',');
            softLabels_ += ',';
            csv::appendField(softLabels_, cls, ',');
            softLabels_ += ',' + json(weight).dump() + '\n';
        }
        if (manifest_) {
            std::string text = line.dump();
            text += '\n';
            manifest_->append(text);
        }
    }
}

std::map<std::string, std::string> Assembly::auxiliaryFiles() const {
    std::map<std::string, std::string> files;
    for (const auto& [container, images] : coco_) {
        std::vector<coco::OutputImage> out;
        for (const auto& im : images) {
            coco::OutputImage o{im["file_name"].get<std::string>(),
                                im["width"].get<int>(),
                                im["height"].get<int>(),
                                {}};
            for (const auto& b : im["boxes"]) {
                BoundingBox box{b[0].get<double>(), b[1].get<double>(), b[2].get<double>(),
                                b[3].get<double>(), b[4].get<int>()};
                if (b.size() > 5)
                    for (const auto& flat : b[5]) {
                        std::vector<cv::Point2d> ring;
                        for (size_t i = 0; i + 1 < flat.size(); i += 2)
                            ring.emplace_back(flat[i].get<double>(), flat[i + 1].get<double>());
                        box.polygon.push_back(std::move(ring));
                    }
                o.boxes.push_back(std::move(box));
            }
            out.push_back(std::move(o));
        }
        files[container] =
            coco::buildDocument(ds_.extra.value("categories", json::array()), out).dump(2) + "\n";
    }
    if (!labelRows_.empty() && ds_.extra.contains("labels_file")) {
        std::string text;
        const json cols = ds_.extra.value("labels_columns", json::array({"path", "label"}));
        for (size_t i = 0; i < cols.size(); ++i) {
            if (i)
                text += ',';
            csv::appendField(text, cols[i].get<std::string>(), ',');
        }
        text += "\n";
        for (const auto& row : labelRows_) {
            for (size_t i = 0; i < row.size(); ++i) {
                if (i)
                    text += ',';
                csv::appendField(text, row[i], ',');
            }
            text += "\n";
        }
        files[ds_.extra["labels_file"].get<std::string>()] = text;
    }
    if (mixed_)
        files["soft_labels.csv"] = "output,class,weight\n" + softLabels_;
    for (const auto& [container, rows] : metadataRows_)
        files[container] = hfmetadata::writeMetadata(ds_.root / container, rows);
    return files;
}

json Assembly::featurewise(const json& config) const {
    json mean = json::array(), stdev = json::array();
    for (size_t c = 0; c < sum_.size(); ++c) {
        const double m = statN_ > 0 ? sum_[c] / statN_ : 0;
        const double var = statN_ > 0 ? std::max(0.0, sumsq_[c] / statN_ - m * m) : 0;
        mean.push_back(m);
        stdev.push_back(std::sqrt(var));
    }
    return {{"channels", sum_.size() == 1 ? "gray" : "rgb"},
            {"pixels", statN_},
            {"mean", mean},
            {"std", stdev},
            {"center", config.value("center", false)},
            {"std_normalization", config.value("std_normalization", false)}};
}

void writeTable(const fs::path& temp, const fs::path& source, Modality modality,
                const std::vector<json>& rows, const ReadLimits& limits) {
    // Only the format is taken from the source: rows the scan left out do not matter here.
    ItemFile f = readItemFile(source, modality, {limits, true});
    f.samples.clear();
    std::vector<Sample> samples;
    std::vector<std::string> ids;
    for (const auto& r : rows) {
        samples.push_back(sampleFromJson(r, modality));
        if (r.contains("id"))
            ids.push_back(r["id"].get<std::string>());
    }
    if (modality == Modality::Series)
        f.seriesTable.ids = ids;
    writeItemFile(temp, f, samples);
}

void removeShardPartials(const fs::path& root) {
    static const std::regex partial(R"(.*\.shard-\d+-of-\d+(\.[^.]*)?$)");
    std::error_code ec;
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().filename() == ".augstudio") {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && std::regex_match(it->path().filename().string(), partial))
            fs::remove(it->path(), ec);
    }
}

} // namespace augstudio::core::records
