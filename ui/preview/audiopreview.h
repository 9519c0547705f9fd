#pragma once

#include "ui/preview/sampleview.h"

#include <QAudioDevice>
#include <QBuffer>
#include <QByteArray>

#include <memory>

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPItemStraightLine;
class QAudioSink;
class QPushButton;
class QLabel;
class QTimer;

namespace augstudio::ui {

// Audio, original and augmented: for each a waveform (min/max summary bands) and a
// spectrogram (QCPColorMap), all four time axes linked, and a play button per side through
// Qt Multimedia (QAudioSink) with a moving playhead.
class AudioPreview : public SampleView {
    Q_OBJECT
public:
    explicit AudioPreview(QWidget* parent = nullptr);
    ~AudioPreview() override;
    void showResult(const PreviewResult& result) override;
    void clearView() override;
    QCustomPlot* waveform(int side) const { return sides_[side].wave; }
    QCustomPlot* spectrogram(int side) const { return sides_[side].spec; }
    QCPColorMap* colorMap(int side) const { return sides_[side].map; }
    // Both spectrograms use one colour range (dB), so a noisy side looks noisier than a
    // clean one instead of both being stretched to full contrast.
    static constexpr double kDynamicRangeDb = 80.0;

private:
    struct Side {
        QCustomPlot* wave = nullptr;
        QCustomPlot* spec = nullptr;
        QCPColorMap* map = nullptr;
        QCPColorScale* scale = nullptr;
        QCPItemStraightLine* heads[2] = {nullptr, nullptr};
        QPushButton* play = nullptr;
        QLabel* title = nullptr;
        std::shared_ptr<const core::Sample> sample;
    };
    void draw(Side& side, const AudioAnalysis& analysis);
    void togglePlay(int side);
    void stop();
    void setRange(double lo, double hi);

    Side sides_[2];
    QAudioSink* sink_ = nullptr;
    QBuffer buffer_;
    QByteArray pcm_;
    int playing_ = -1;
    QTimer* playhead_;
    bool linking_ = false;
    double duration_ = 0;
};

} // namespace augstudio::ui
