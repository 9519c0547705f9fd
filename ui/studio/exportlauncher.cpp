#include "ui/studio/exportlauncher.h"

#include <QMessageBox>
#include <QObject>

namespace augstudio::ui {

void launchExportDialog(QWidget* parent, std::shared_ptr<const core::Dataset>,
                        const nlohmann::json&, const BalancePlan&) {
    QMessageBox::information(parent, QObject::tr("Export"),
                             QObject::tr("The exporter (core/export) is not built yet."));
}

} // namespace augstudio::ui
