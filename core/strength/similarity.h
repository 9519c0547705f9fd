#pragma once

#include "core/sample/sample.h"

#include <string>
#include <string_view>

namespace augstudio::core {

// How alike an augmented sample is to its original; higher is more alike in every modality:
// images SSIM (mean over channels; an augmented image of another size is resized to the
// original's first), audio the SNR in dB of the change over the common length (capped at
// kIdenticalSnrDb), series the Pearson correlation (augmented resampled to the original's
// length), text 1 - word edit distance / the longer text's words.
double sampleSimilarity(const Sample& original, const Sample& augmented);
const char* similarityName(Modality modality); // "ssim", "snr_db", "correlation", "word_similarity"
// The default "too strong" threshold of the measure.
double defaultMinSimilarity(Modality modality);
// True when the augmented sample holds exactly the original's values (and shape).
bool samplesEqual(const Sample& a, const Sample& b);
// Levenshtein distance over white-space separated words.
int64_t wordEditDistance(std::string_view a, std::string_view b);

inline constexpr double kIdenticalSnrDb = 100.0;

} // namespace augstudio::core
