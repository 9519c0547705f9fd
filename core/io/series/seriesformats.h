#pragma once

// The UEA / sktime `.ts` and Weka `.arff` series formats, read into and written from a
// SeriesTable (what readSeriesTable / writeSeriesTable dispatch to by extension). Headers are
// kept line for line, so a file is written back with its own header.

#include "core/io/series/seriesfile.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace augstudio::core::seriesformats {

// `.ts`: `#` comments and `@` header lines up to `@data`, then one case per line: the
// dimensions separated by `:`, values by `,`, the class label last (when `@classLabel true`),
// `?` for a missing value. Time-stamped `.ts` files are refused. A case whose dimensions
// have different lengths is padded with NaN. Throws IoError "file:line: reason"; when
// skipping, bad cases go to `t.skipped`.
void readTs(const std::filesystem::path& file, std::string_view text, SeriesTable& t, bool skipBad);
void writeTs(std::string& out, const SeriesTable& t, const std::filesystem::path& file);

// `.arff`: `@relation`, `@attribute` lines and `@data`. Univariate: one numeric attribute per
// step; multivariate (the UEA archive's form): one relational attribute whose quoted value
// holds the dimensions separated by `\n`. The last nominal or string attribute is the class.
// `?` is missing; `%` starts a comment.
void readArff(const std::filesystem::path& file, std::string_view text, SeriesTable& t,
              bool skipBad);
void writeArff(std::string& out, const SeriesTable& t, const std::filesystem::path& file);

} // namespace augstudio::core::seriesformats
