#pragma once

#include <cstdint>

namespace augstudio::core {

// Resource limits the readers enforce, so a hostile or mistaken input is refused with the
// limit named instead of exhausting memory. Passed to whoever reads (ScanOptions,
// ExportOptions, RunContext, the readers' arguments), never kept process-wide, so two runs in
// one process can have different limits; the CLI fills them from --max-megapixels,
// --max-audio-seconds and --max-series-values.
struct ReadLimits {
    double maxMegapixels = 100.0;       // images: checked from the header, before decoding
    double maxAudioSeconds = 3600.0;    // audio: checked from the header, before decoding
    int64_t maxSeriesValues = 50000000; // series: values in one table file
};

} // namespace augstudio::core
