#pragma once

// The end of an export: the per-item records assembled, in plan order, into the files that
// span items (manifest.jsonl, tables, COCO JSON, labels CSV, HF metadata) and summary.json.
// A shard that is not the last one writes partial files named `*.shard-i-of-N.*`.

#include "core/export/exportrun.h"

namespace augstudio::core {

ExportSummary summariseExport(const ExportRun& run);

} // namespace augstudio::core
