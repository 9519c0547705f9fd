#include "ui/studio/exportlauncher.h"

#include "ui/export/exportdialog.h"

namespace augstudio::ui {

void launchExportDialog(QWidget* parent, std::shared_ptr<const core::Dataset> dataset,
                        const nlohmann::json& document, const BalancePlan& plan) {
    auto* dialog = new ExportDialog(std::move(dataset), document, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setOptions(plan.options);
    dialog->show();
}

} // namespace augstudio::ui
