// The text TSV/CSV reader: any bytes give rows or an IoError naming the line.
#include "core/io/text/textfile.h"
#include "core/util/error.h"
#include "tests/fuzz/fuzzinput.h"

using namespace augstudio::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0)
        return 0;
    augstudio::fuzz::TempFile file(data + 1, size - 1, data[0] % 2 ? "in.csv" : "in.tsv");
    try {
        const TextTable t = readTextTable(file.path());
        const auto out = file.dir() / ("out" + file.path().extension().string());
        writeTextTable(out, t);
        const TextTable back = readTextTable(out);
        std::filesystem::remove(out);
        if (back.rows.size() != t.rows.size())
            __builtin_trap();
    } catch (const Error&) {
    }
    return 0;
}
