#include "ui/dataset/itemnames.h"

#include "core/io/text/textfile.h"

#include <QObject>

#include <map>

namespace augstudio::ui {

namespace {
constexpr int kPreviewChars = 40;

// The first words of `text` up to about kPreviewChars characters, cut at a word boundary.
QString previewOf(const std::string& text) {
    const QString t = QString::fromStdString(text).simplified();
    if (t.size() <= kPreviewChars)
        return t;
    int cut = t.lastIndexOf(QLatin1Char(' '), kPreviewChars);
    if (cut < kPreviewChars / 2)
        cut = kPreviewChars;
    return t.left(cut) + QChar(0x2026);
}
} // namespace

QString itemDisplayName(const core::DatasetItem& item, const std::string& text) {
    const QString key = QString::fromStdString(item.key);
    if (item.row < 0)
        return key.section(QLatin1Char('/'), -1);
    if (!item.seriesId.empty())
        return QObject::tr("%1: series %2")
            .arg(item.row)
            .arg(QString::fromStdString(item.seriesId));
    if (!text.empty())
        return QStringLiteral("%1: %2").arg(item.row).arg(previewOf(text));
    return QObject::tr("row %1").arg(item.row);
}

std::vector<QString> itemDisplayNames(const core::Dataset& dataset) {
    std::vector<QString> names;
    names.reserve(dataset.items.size());
    // One read per text table, rows numbered as the scan numbers them.
    std::map<std::filesystem::path, std::vector<core::TextSample>> tables;
    for (const core::DatasetItem& item : dataset.items) {
        std::string text;
        if (dataset.modality == core::Modality::Text && item.row >= 0) {
            auto it = tables.find(item.file);
            if (it == tables.end()) {
                std::vector<core::TextSample> rows;
                try {
                    rows = core::readTextTableSkippingBadRows(item.file).rows;
                } catch (const std::exception&) {
                    // Unreadable now: the row number alone still names the item.
                }
                it = tables.emplace(item.file, std::move(rows)).first;
            }
            if (size_t(item.row) < it->second.size())
                text = it->second[size_t(item.row)].text;
        }
        names.push_back(itemDisplayName(item, text));
    }
    return names;
}

} // namespace augstudio::ui
