#include "core/export/itemcodec.h"

#include "core/io/image/imagefile.h"
#include "core/util/error.h"

#include <opencv2/imgproc.hpp>

namespace augstudio::core {

namespace fs = std::filesystem;

namespace {

std::string lowerExtension(std::string s) {
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// JPEG has no alpha and no 16 bits: convert what the format cannot hold.
std::vector<unsigned char> encodeForFormat(const std::string& ext, const cv::Mat& image,
                                           int quality) {
    const std::string e = lowerExtension(ext);
    const bool eightBitOnly = e == ".jpg" || e == ".jpeg" || e == ".webp" || e == ".bmp";
    cv::Mat m = image;
    if (eightBitOnly && m.depth() != CV_8U) {
        const double scale =
            m.depth() == CV_16U ? 1.0 / 257.0 : (m.depth() == CV_32F ? 255.0 : 1.0);
        m.convertTo(m, CV_8U, scale);
    }
    if ((e == ".jpg" || e == ".jpeg") && m.channels() == 4)
        cv::cvtColor(m, m, cv::COLOR_BGRA2BGR);
    return encodeImage(ext, m, quality);
}

class ImageCodec : public ItemCodec {
public:
    explicit ImageCodec(const ExportOptions& o)
        : format_(o.format), quality_(o.quality), limits_(o.limits) {}

    ItemFile read(const Dataset& dataset, const DatasetItem& item) const override {
        ItemFile f;
        f.modality = Modality::Image;
        f.samples.push_back(loadItem(dataset, item, limits_));
        return f;
    }

    std::string outputExtension(const fs::path& rel) const override {
        const std::string sourceExt = rel.extension().string();
        if (format_.empty() || format_ == "same")
            return sourceExt;
        if (format_ == "jpeg")
            return ".jpg";
        return "." + format_;
    }

    void write(OutputFolder& out, const DatasetItem& item, const ItemFile&,
               const std::string& outRel, const Sample& sample, bool original) const override {
        const std::string ext = fs::path(outRel).extension().string();
        if (original && ext == fs::path(item.key).extension().string()) {
            out.copyFile(item.file, outRel);
            return;
        }
        const auto bytes = encodeForFormat(ext, std::get<ImageSample>(sample).image, quality_);
        out.write(outRel, bytes.data(), bytes.size());
    }

private:
    std::string format_;
    int quality_;
    ReadLimits limits_;
};

// Audio clips and per-series CSV files, written back in the format they were read with.
class WholeFileCodec : public ItemCodec {
public:
    WholeFileCodec(Modality modality, const ExportOptions& o)
        : modality_(modality), quality_(o.quality), limits_(o.limits) {}

    ItemFile read(const Dataset&, const DatasetItem& item) const override {
        ItemFile f = readItemFile(item.file, modality_, {limits_, false});
        if (f.samples.empty())
            throw IoError(item.file.string(), "holds no sample");
        // A file's own label wins; a class folder's items get the folder's (what
        // series.mixup_same_class looks its partners up by), as loadItem and the preview.
        Sample& s = f.samples[0];
        if (auto* a = std::get_if<AudioSample>(&s); a && a->label.empty())
            a->label = item.label;
        if (auto* t = std::get_if<SeriesSample>(&s); t && t->label.empty())
            t->label = item.label;
        return f;
    }

    std::string outputExtension(const fs::path& rel) const override {
        return rel.extension().string();
    }

    void write(OutputFolder& out, const DatasetItem& item, const ItemFile& read,
               const std::string& outRel, const Sample& sample, bool original) const override {
        if (original) {
            out.copyFile(item.file, outRel);
            return;
        }
        const fs::path temp = out.tempPath(fs::path(outRel).extension().string());
        writeItemFile(temp, read, {sample}, {quality_});
        out.commit(temp, outRel);
    }

private:
    Modality modality_;
    int quality_;
    ReadLimits limits_;
};

} // namespace

std::unique_ptr<ItemCodec> ItemCodec::forModality(Modality modality, const ExportOptions& o) {
    if (modality == Modality::Image)
        return std::make_unique<ImageCodec>(o);
    return std::make_unique<WholeFileCodec>(modality, o);
}

std::string outputName(const fs::path& rel, int copy, const std::string& ext) {
    std::string name = rel.stem().string();
    if (copy >= 0)
        name += "__aug" + std::to_string(copy);
    return (rel.parent_path() / (name + ext)).generic_string();
}

} // namespace augstudio::core
