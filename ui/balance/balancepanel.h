#pragma once

#include "ui/balance/balanceplan.h"

#include <QWidget>

#include <memory>

class QCustomPlot;
class QCPBars;
class QLabel;
class QComboBox;
class QSpinBox;

namespace augstudio::ui {

// Class balance: per class, the current counts stacked by split beside the counts the
// chosen export plan will produce, and the imbalance ratio before and after.
class BalancePanel : public QWidget {
    Q_OBJECT
public:
    explicit BalancePanel(QWidget* parent = nullptr);

    void setDataset(std::shared_ptr<const core::Dataset> dataset);
    void setPlan(const BalancePlan& plan);
    const BalancePlan& plan() const { return plan_; }
    QCustomPlot* plot() const { return plot_; }
    // Bar heights by class, summed over splits (what the tests compare with the scan).
    std::map<std::string, double> currentBars() const;
    std::map<std::string, double> plannedBars() const;
    QString ratioText() const;

signals:
    void planChanged(const augstudio::ui::BalancePlan& plan);

private:
    void redraw();
    QCustomPlot* plot_;
    QLabel* ratio_;
    QComboBox* mode_;
    QSpinBox* copies_;
    std::shared_ptr<const core::Dataset> dataset_;
    BalancePlan plan_;
    std::vector<std::string> classes_;
    std::vector<QCPBars*> currentBars_;
    QCPBars* plannedBars_ = nullptr;
};

} // namespace augstudio::ui
