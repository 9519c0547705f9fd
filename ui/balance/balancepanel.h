#pragma once

#include "ui/balance/balanceplan.h"

#include <QWidget>

#include <memory>

class QCustomPlot;
class QCPBars;
class QLabel;
class QComboBox;
class QSpinBox;
class QCheckBox;

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
    // The plan's editors (tests drive them like a person would).
    QComboBox* modeBox() const { return mode_; }
    QSpinBox* copiesBox() const { return copies_; }
    QSpinBox* targetBox() const { return target_; }
    QCheckBox* originalsBox() const { return originals_; }

signals:
    void planChanged(const augstudio::ui::BalancePlan& plan);

private:
    void redraw();
    void updateEnabled();
    QCustomPlot* plot_;
    QLabel* ratio_;
    QComboBox* mode_;
    QSpinBox* copies_;
    QSpinBox* target_;     // Balance: items per class (0: the split's largest class)
    QCheckBox* originals_; // Copies: the originals too (balancing always keeps them)
    std::shared_ptr<const core::Dataset> dataset_;
    BalancePlan plan_;
    std::vector<std::string> classes_;
    std::vector<QCPBars*> currentBars_;
    QCPBars* plannedBars_ = nullptr;
};

} // namespace augstudio::ui
