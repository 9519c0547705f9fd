#pragma once

#include "ui/preview/previewscheduler.h"

#include <QWidget>

class QStackedWidget;
class QLabel;
class QPushButton;
class QCheckBox;

namespace augstudio::ui {

class SampleView;
class ImagePreview;
class AudioPreview;
class SeriesPreview;
class TextPreview;
class PartnerStrip;

// The centre: the modality's side-by-side view, and under it the drawn values of each step,
// the seed, re-roll (button and R), lock seed and the render time. Rendering goes through a
// PreviewScheduler; only current results are shown.
class PreviewPanel : public QWidget {
    Q_OBJECT
public:
    explicit PreviewPanel(QWidget* parent = nullptr);

    void setSource(const PreviewSource& source);
    void setPipeline(const nlohmann::json& document);
    void reroll();
    void setSeedLocked(bool locked);
    uint64_t copyIndex() const { return copyIndex_; }
    void setCopyIndex(uint64_t copy);
    // "Isolate step": with a step selected (its JSON pointer in the document, e.g.
    // "/steps/1"), the preview runs that step alone at p = 1, so its effect is always seen.
    void setSelectedStep(const QString& pointer);
    void setIsolated(bool on);
    bool isolated() const;
    QCheckBox* isolateBox() const { return isolate_; }
    // The document the preview renders: the pipeline, or the selected step alone.
    nlohmann::json renderedPipeline() const;

    PreviewScheduler* scheduler() const { return scheduler_; }
    const PreviewResult& lastResult() const { return last_; }
    ImagePreview* imagePreview() const { return image_; }
    AudioPreview* audioPreview() const { return audio_; }
    SeriesPreview* seriesPreview() const { return series_; }
    TextPreview* textPreview() const { return text_; }
    PartnerStrip* partnerStrip() const { return partners_; }
    QString drawnValuesText() const;

    // "rotate: -12.4 deg, hflip: yes": the drawn values of a run, for people.
    static QString describeRun(const core::RunResult& run);

signals:
    void rendered(const augstudio::ui::PreviewResult& result);

private:
    void requestRender();
    void present(const PreviewResult& result);
    SampleView* viewFor(core::Modality m) const;

    PreviewScheduler* scheduler_;
    QStackedWidget* stack_;
    QLabel* placeholder_;
    ImagePreview* image_;
    AudioPreview* audio_;
    SeriesPreview* series_;
    TextPreview* text_;
    PartnerStrip* partners_;
    QLabel* values_;
    QLabel* seed_;
    QLabel* time_;
    QLabel* error_;
    QPushButton* reroll_;
    QCheckBox* lock_;
    QCheckBox* isolate_;
    QString selectedStep_;
    PreviewSource source_;
    nlohmann::json pipeline_;
    uint64_t copyIndex_ = 0;
    PreviewResult last_;
};

} // namespace augstudio::ui
