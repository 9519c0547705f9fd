#pragma once

#include "core/dataset/dataset.h"
#include "ui/balance/balanceplan.h"

#include <nlohmann/json.hpp>

#include <memory>

class QWidget;

namespace augstudio::ui {

// Opens the export dialog for `dataset` with the pipeline `document` and the plan chosen in
// the balance panel.
void launchExportDialog(QWidget* parent, std::shared_ptr<const core::Dataset> dataset,
                        const nlohmann::json& document, const BalancePlan& plan);

} // namespace augstudio::ui
