#include "core/dataset/datasetruncontext.h"

#include "core/dataset/datasetpartners.h"
#include "core/dataset/datasetpartnersource.h"
#include "core/dataset/datasettexts.h"

#include <utility>

namespace augstudio::core {

RunContext datasetRunContext(std::shared_ptr<const Dataset> dataset,
                             const std::function<bool(const std::string&)>& inSplit,
                             const Pipeline& pipeline, const ReadLimits& limits) {
    RunContext run;
    run.limits = limits;
    if (!dataset)
        return run;
    // An empty inSplit accepts every split (as DatasetPartnerSource reads it).
    const std::function<bool(const std::string&)> accepts =
        inSplit ? inSplit : [](const std::string&) { return true; };
    if (dataset->modality == Modality::Series && usesSeriesPartners(pipeline))
        run.seriesPool = seriesPartners(*dataset, accepts, limits);
    if (dataset->modality == Modality::Text && usesTextStatistics(pipeline))
        run.textStatistics = datasetTextStatistics(*dataset, accepts, limits);
    if (usesPartnerSource(pipeline))
        // Decoded on demand from the dataset, which the source keeps alive.
        run.partners = std::make_shared<DatasetPartnerSource>(std::move(dataset), accepts, limits);
    return run;
}

} // namespace augstudio::core
