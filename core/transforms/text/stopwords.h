#pragma once

#include <string_view>
#include <vector>

namespace augstudio::core {

// The English stop-word list of the EDA reference code (Wei & Zou 2019, code/eda.py): words
// synonym replacement never picks. `lower` must already be lower case.
bool isEdaStopWord(std::string_view lower);
const std::vector<std::string_view>& edaStopWords();

} // namespace augstudio::core
