// Scan versus reader: the input (its first byte picks the extension) is the only table of a
// dataset folder; whatever the scan lists, the reader an export uses must read exactly: the
// same number of rows, in order, with the same labels, steps, channels and text lengths, and
// none of the rows the scan reported bad.
#include "core/dataset/dataset.h"
#include "core/io/itemfile.h"
#include "core/util/error.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace augstudio::core;
namespace fs = std::filesystem;

namespace {

std::string labelOf(const Sample& s) {
    if (const auto* t = std::get_if<TextSample>(&s))
        return t->label;
    if (const auto* t = std::get_if<SeriesSample>(&s))
        return t->label;
    return {};
}

bool sameShape(const Sample& s, const DatasetItem& item) {
    if (const auto* t = std::get_if<TextSample>(&s))
        return int64_t(t->text.size()) == item.textLength;
    if (const auto* t = std::get_if<SeriesSample>(&s))
        return t->steps() == item.steps && t->channelCount() == item.channels;
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0)
        return 0;
    static const char* names[] = {"in.tsv", "in.csv", "in.txt", "in.ts", "in.arff"};
    const fs::path root =
        fs::temp_directory_path() / ("augstudio-fuzz-scan-" + std::to_string(getpid()));
    fs::remove_all(root);
    fs::create_directories(root);
    const fs::path file = root / names[data[0] % 5];
    std::ofstream(file, std::ios::binary)
        .write(reinterpret_cast<const char*>(data + 1), std::streamsize(size - 1));
    Dataset ds;
    try {
        ds = scanDataset(root);
    } catch (const Error&) {
        return 0; // not a dataset: nothing listed, nothing to agree on
    }
    if (ds.items.empty())
        return 0;
    ItemFile read;
    try {
        read = readItemFile(file, ds.modality, {ReadLimits{}, true});
    } catch (const Error&) {
        __builtin_trap(); // the scan listed rows the reader refuses
    }
    if (read.samples.size() != ds.items.size())
        __builtin_trap();
    for (size_t i = 0; i < ds.items.size(); ++i) {
        const DatasetItem& item = ds.items[i];
        if (item.row != int64_t(i) || labelOf(read.samples[i]) != item.label ||
            !sameShape(read.samples[i], item))
            __builtin_trap();
    }
    return 0;
}
