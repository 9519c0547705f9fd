#include "ui/preview/audiopreview.h"

#include <QAudioFormat>
#include <QAudioSink>
#include <QHBoxLayout>
#include <QLabel>
#include <QMediaDevices>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

#include <qcustomplot.h>

namespace augstudio::ui {

AudioPreview::AudioPreview(QWidget* parent) : SampleView(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (int i = 0; i < 2; ++i) {
        Side& s = sides_[i];
        auto* column = new QVBoxLayout;
        auto* head = new QHBoxLayout;
        s.title = new QLabel(i == 0 ? tr("Original") : tr("Augmented"), this);
        s.play = new QPushButton(tr("Play"), this);
        s.play->setObjectName(i == 0 ? QStringLiteral("playOriginal")
                                     : QStringLiteral("playAugmented"));
        s.play->setEnabled(false);
        head->addWidget(s.title, 1);
        head->addWidget(s.play);
        column->addLayout(head);
        s.wave = new QCustomPlot(this);
        s.wave->setMinimumHeight(120);
        s.wave->addGraph();
        s.wave->addGraph();
        // The max band is filled down to the min band: a classic summary waveform.
        const QColor colour = i == 0 ? QColor(40, 110, 200) : QColor(210, 90, 30);
        s.wave->graph(0)->setPen(QPen(colour));
        s.wave->graph(1)->setPen(QPen(colour));
        s.wave->graph(0)->setBrush(QBrush(colour.lighter(130)));
        s.wave->graph(0)->setChannelFillGraph(s.wave->graph(1));
        s.wave->yAxis->setRange(-1.05, 1.05);
        s.wave->xAxis->setLabel(tr("time (s)"));
        s.wave->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
        s.wave->axisRect()->setRangeDrag(Qt::Horizontal);
        s.wave->axisRect()->setRangeZoom(Qt::Horizontal);
        s.spec = new QCustomPlot(this);
        s.spec->setMinimumHeight(140);
        s.map = new QCPColorMap(s.spec->xAxis, s.spec->yAxis);
        s.map->setGradient(QCPColorGradient::gpThermal);
        s.map->setInterpolate(false);
        // A dB scale bar beside each spectrogram; both sides get one so their time axes
        // stay the same width and line up.
        s.scale = new QCPColorScale(s.spec);
        s.scale->setType(QCPAxis::atRight);
        s.scale->setBarWidth(8);
        s.scale->axis()->setLabel(tr("dB"));
        s.scale->setGradient(QCPColorGradient::gpThermal);
        s.spec->plotLayout()->addElement(0, 1, s.scale);
        s.map->setColorScale(s.scale);
        auto* margins = new QCPMarginGroup(s.spec);
        s.spec->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
        s.scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
        s.spec->xAxis->setLabel(tr("time (s)"));
        s.spec->yAxis->setLabel(tr("Hz"));
        s.spec->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
        s.spec->axisRect()->setRangeDrag(Qt::Horizontal);
        s.spec->axisRect()->setRangeZoom(Qt::Horizontal);
        QCustomPlot* plots[2] = {s.wave, s.spec};
        for (int k = 0; k < 2; ++k) {
            s.heads[k] = new QCPItemStraightLine(plots[k]);
            s.heads[k]->setPen(QPen(Qt::red, 1.5));
            s.heads[k]->setVisible(false);
            connect(plots[k]->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
                    [this](const QCPRange& r) { setRange(r.lower, r.upper); });
        }
        column->addWidget(s.wave, 1);
        column->addWidget(s.spec, 1);
        layout->addLayout(column, 1);
        connect(s.play, &QPushButton::clicked, this, [this, i] { togglePlay(i); });
    }
    playhead_ = new QTimer(this);
    playhead_->setInterval(30);
    connect(playhead_, &QTimer::timeout, this, [this] {
        if (playing_ < 0 || !sink_)
            return;
        const double t = double(sink_->processedUSecs()) / 1e6;
        Side& s = sides_[playing_];
        for (auto* h : s.heads) {
            h->point1->setCoords(t, -1e9);
            h->point2->setCoords(t, 1e9);
            h->setVisible(true);
        }
        s.wave->replot(QCustomPlot::rpQueuedReplot);
        s.spec->replot(QCustomPlot::rpQueuedReplot);
    });
}

AudioPreview::~AudioPreview() {
    stop();
}

void AudioPreview::setRange(double lo, double hi) {
    if (linking_)
        return;
    linking_ = true; // one zoom or drag moves all four time axes
    for (auto& s : sides_)
        for (QCustomPlot* p : {s.wave, s.spec})
            if (p->xAxis->range().lower != lo || p->xAxis->range().upper != hi) {
                p->xAxis->setRange(lo, hi);
                p->replot(QCustomPlot::rpQueuedReplot);
            }
    linking_ = false;
}

void AudioPreview::clearView() {
    stop();
    for (auto& s : sides_) {
        s.wave->graph(0)->data()->clear();
        s.wave->graph(1)->data()->clear();
        s.map->data()->clear();
        s.sample.reset();
        s.play->setEnabled(false);
        s.wave->replot();
        s.spec->replot();
    }
}

void AudioPreview::draw(Side& side, const AudioAnalysis& a) {
    QVector<double> t(qsizetype(a.minima.size())), lo(t.size()), hi(t.size());
    for (qsizetype i = 0; i < t.size(); ++i) {
        t[i] = (double(i) + 0.5) * a.bucketSeconds;
        lo[i] = a.minima[size_t(i)];
        hi[i] = a.maxima[size_t(i)];
    }
    side.wave->graph(0)->setData(t, hi, true);
    side.wave->graph(1)->setData(t, lo, true);
    QCPColorMapData* data = side.map->data();
    const int cols = std::max(1, a.spectrogramColumns), rows = std::max(1, a.spectrogramRows);
    data->setSize(cols, rows);
    data->setRange(QCPRange(0, a.durationSeconds()), QCPRange(0, a.sampleRate / 2.0));
    for (int c = 0; c < a.spectrogramColumns; ++c)
        for (int r = 0; r < a.spectrogramRows; ++r)
            data->setCell(c, r, a.spectrogramDb[size_t(c) * size_t(rows) + size_t(r)]);
    side.spec->yAxis->setRange(0, a.sampleRate / 2.0);
    side.wave->replot();
}

void AudioPreview::showResult(const PreviewResult& result) {
    const bool keepPlaying = false;
    if (!keepPlaying)
        stop();
    const std::shared_ptr<const AudioAnalysis> analyses[2] = {result.originalAudio,
                                                              result.augmentedAudio};
    const std::shared_ptr<const core::Sample> samples[2] = {result.original, result.augmented};
    double duration = 0;
    // One colour range for both sides: the loudest cell of either at the top, 80 dB below it
    // at the bottom.
    float top = -std::numeric_limits<float>::infinity();
    for (const auto& a : analyses)
        if (a)
            for (float db : a->spectrogramDb)
                top = std::max(top, db);
    const QCPRange dbRange =
        std::isfinite(top) ? QCPRange(top - kDynamicRangeDb, top) : QCPRange(-kDynamicRangeDb, 0);
    for (int i = 0; i < 2; ++i) {
        sides_[i].sample = samples[i];
        sides_[i].play->setEnabled(samples[i] != nullptr);
        if (analyses[i]) {
            draw(sides_[i], *analyses[i]);
            duration = std::max(duration, analyses[i]->durationSeconds());
            sides_[i].title->setText((i == 0 ? tr("Original") : tr("Augmented")) +
                                     tr("  %1 s, %2 Hz")
                                         .arg(analyses[i]->durationSeconds(), 0, 'f', 2)
                                         .arg(analyses[i]->sampleRate));
        }
        sides_[i].map->setDataRange(dbRange);
        sides_[i].spec->replot();
    }
    if (duration > 0 && std::abs(duration - duration_) > 1e-9) {
        duration_ = duration;
        setRange(0, duration);
    }
}

void AudioPreview::stop() {
    if (sink_) {
        sink_->stop();
        delete sink_;
        sink_ = nullptr;
    }
    buffer_.close();
    playhead_->stop();
    for (auto& s : sides_) {
        s.play->setText(tr("Play"));
        for (auto* h : s.heads)
            h->setVisible(false);
        s.wave->replot(QCustomPlot::rpQueuedReplot);
        s.spec->replot(QCustomPlot::rpQueuedReplot);
    }
    playing_ = -1;
}

void AudioPreview::togglePlay(int side) {
    const bool wasPlaying = playing_ == side;
    stop();
    if (wasPlaying || !sides_[side].sample)
        return;
    const auto* audio = std::get_if<core::AudioSample>(sides_[side].sample.get());
    if (!audio || audio->frames() == 0)
        return;
    QAudioFormat format;
    format.setSampleRate(audio->sampleRate);
    format.setChannelCount(int(audio->channels.size()));
    format.setSampleFormat(QAudioFormat::Int16);
    const QAudioDevice device = QMediaDevices::defaultAudioOutput();
    if (device.isNull()) {
        sides_[side].play->setText(tr("No audio output"));
        return;
    }
    // Interleaved 16-bit PCM of the sample.
    const int64_t frames = audio->frames();
    const size_t channels = audio->channels.size();
    pcm_.resize(qsizetype(frames * int64_t(channels) * 2));
    auto* out = reinterpret_cast<qint16*>(pcm_.data());
    for (int64_t f = 0; f < frames; ++f)
        for (size_t c = 0; c < channels; ++c)
            *out++ = qint16(std::clamp(audio->channels[c][size_t(f)], -1.f, 1.f) * 32767.f);
    buffer_.setData(pcm_);
    buffer_.open(QIODevice::ReadOnly);
    sink_ = new QAudioSink(device, format, this);
    connect(sink_, &QAudioSink::stateChanged, this, [this](QAudio::State state) {
        if (state == QAudio::IdleState)
            QTimer::singleShot(0, this, [this] { stop(); });
    });
    sink_->start(&buffer_);
    playing_ = side;
    sides_[side].play->setText(tr("Stop"));
    playhead_->start();
}

} // namespace augstudio::ui
