// The UCR / CSV / long-CSV / .ts / .arff readers: any bytes give a table or an IoError; a table
// read back after writing holds the same series.
#include "core/io/series/seriesfile.h"
#include "core/util/error.h"
#include "tests/fuzz/fuzzinput.h"

using namespace augstudio::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // The first byte picks the extension, so every reader is reached.
    if (size == 0)
        return 0;
    static const char* names[] = {"in.tsv", "in.csv", "in.txt", "in.ts", "in.arff"};
    augstudio::fuzz::TempFile file(data + 1, size - 1, names[data[0] % 5]);
    try {
        const SeriesTable t = readSeriesTable(file.path());
        const auto out = file.dir() / ("out" + file.path().extension().string());
        writeSeriesTable(out, t);
        const SeriesTable back = readSeriesTable(out);
        std::filesystem::remove(out);
        if (back.series.size() != t.series.size())
            __builtin_trap();
    } catch (const Error&) {
    }
    return 0;
}
