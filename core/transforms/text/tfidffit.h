#pragma once

#include "core/pipeline/textstatistics.h"

#include <memory>
#include <string>
#include <vector>

namespace augstudio::core {

// Fits the word statistics of `texts` (words as TokenizedText splits them, lower case):
// document frequencies, IDF and the corpus TF-IDF of every word.
std::shared_ptr<const TextStatistics> fitTextStatistics(const std::vector<std::string>& texts);

} // namespace augstudio::core
