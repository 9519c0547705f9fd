#pragma once

#include "core/pipeline/partnersource.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace augstudio::core {

// Partners held in memory: the rows of one table file (`augstudio-cli apply`), a list of
// arrays from Python, a test's samples. Each sample keeps its own label as the class.
class MemoryPartnerSource : public PartnerSource {
public:
    using Keyed = std::vector<std::pair<std::string, Sample>>;
    explicit MemoryPartnerSource(Keyed samples);
    std::shared_ptr<const Sample> load(size_t index) const override;

private:
    static std::vector<PartnerEntry> entriesOf(const Keyed& samples);
    std::vector<std::shared_ptr<const Sample>> samples_;
};

// The label a sample carries, whatever its modality.
const std::string& labelOf(const Sample& sample);

} // namespace augstudio::core
