#include "core/io/itemfile.h"

#include "core/io/image/imagefile.h"

namespace augstudio::core {

ItemFile readItemFile(const std::filesystem::path& file, Modality modality,
                      const ItemReadOptions& options) {
    ItemFile item;
    item.modality = modality;
    switch (modality) {
    case Modality::Image:
        item.samples.emplace_back(readImage(file, {options.limits.maxMegapixels}));
        break;
    case Modality::Audio: {
        AudioFile a = readAudioFile(file, options.limits);
        item.audioFormat = a.format;
        item.samples.emplace_back(std::move(a.sample));
        break;
    }
    case Modality::Series:
        item.seriesTable = options.skipBadRows
                               ? readSeriesTableSkippingBadRows(file, options.limits)
                               : readSeriesTable(file, options.limits);
        for (auto& s : item.seriesTable.series)
            item.samples.emplace_back(std::move(s));
        item.seriesTable.series.clear();
        break;
    case Modality::Text:
        item.textTable =
            options.skipBadRows ? readTextTableSkippingBadRows(file) : readTextTable(file);
        for (auto& t : item.textTable.rows)
            item.samples.emplace_back(std::move(t));
        item.textTable.rows.clear();
        break;
    }
    return item;
}

void writeItemFile(const std::filesystem::path& file, const ItemFile& item,
                   const std::vector<Sample>& samples, const ItemWriteOptions& options) {
    switch (item.modality) {
    case Modality::Image:
        writeImage(file, std::get<ImageSample>(samples.at(0)).image, options.quality);
        return;
    case Modality::Audio:
        writeAudioFile(file, std::get<AudioSample>(samples.at(0)), item.audioFormat);
        return;
    case Modality::Series: {
        SeriesTable t = item.seriesTable;
        for (const auto& s : samples)
            t.series.push_back(std::get<SeriesSample>(s));
        writeSeriesTable(file, t);
        return;
    }
    case Modality::Text: {
        TextTable t = item.textTable;
        for (const auto& s : samples)
            t.rows.push_back(std::get<TextSample>(s));
        writeTextTable(file, t);
        return;
    }
    }
}

} // namespace augstudio::core
