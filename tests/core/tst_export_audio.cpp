// Exporting an audio dataset end to end: class folders of WAV (16- and 24-bit) and FLAC
// clips, mono and stereo, at two rates, through gain + time_stretch (length not kept) +
// pitch_shift. The output mirrors the layout and keeps each file's format, the length follows
// the drawn rate, the manifest replays to the same bytes, a corrupt clip is reported and
// skipped while the rest exports.
#include "core/catalog/builtin.h"
#include "core/dataset/dataset.h"
#include "core/export/exporter.h"
#include "core/io/audio/audiofile.h"
#include "core/io/itemfile.h"
#include "core/pipeline/pipeline.h"
#include "testfiles.h"

#include "tst_audio_util.h"

#include <sndfile.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace augstudio::core;
using json = nlohmann::json;
namespace fs = std::filesystem;

using augstudio::testfiles::manifest;
using augstudio::testfiles::readText;
using augstudio::testfiles::writeText;

namespace {

// <stem>__aug<k><ext> beside the source (appended: GCC 12 warns falsely on chained +).
fs::path augName(const fs::path& rel, int k) {
    std::string name = rel.stem().string();
    name += "__aug";
    name += std::to_string(k);
    name += rel.extension().string();
    return rel.parent_path() / name;
}

struct Clip {
    const char* rel;
    int rate, channels, format;
    double freq;
};

// Two classes, WAV 16/24-bit and FLAC, mono and stereo, 16 and 22.05 kHz, 0.4 s each.
const std::vector<Clip>& clips() {
    static const std::vector<Clip> c = {
        {"dog/a.wav", 16000, 1, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 440},
        {"dog/b.flac", 22050, 2, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 523},
        {"cat/c.wav", 22050, 2, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 660},
        {"cat/d.flac", 16000, 1, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 330},
        {"cat/e.wav", 16000, 2, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 880},
    };
    return c;
}

fs::path audioDataset(const fs::path& root) {
    for (const Clip& c : clips()) {
        const fs::path p = root / c.rel;
        fs::create_directories(p.parent_path());
        writeAudioFile(p, audiotest::toneSample(c.freq, c.rate, c.rate * 2 / 5, c.channels, 0.4),
                       c.format);
    }
    // A WAV header with nothing valid after it.
    writeText(root / "cat" / "broken.wav",
              std::string("RIFF\x24\x08\0\0WAVEfmt ", 16) + std::string(40, '\x7f'));
    return root;
}

Pipeline audioPipeline() {
    return pipelineFromJson(
        {{"version", 1},
         {"modality", "audio"},
         {"seed", 21},
         {"steps",
          json::array(
              {{{"transform", "audio.gain"}, {"p", 1.0}, {"params", {{"gain_db", {-6, -1}}}}},
               {{"transform", "audio.time_stretch"},
                {"p", 1.0},
                {"params", {{"rate", {0.8, 1.25}}, {"keep_length", false}}}},
               {{"transform", "audio.pitch_shift"},
                {"p", 1.0},
                {"params", {{"semitones", {-2, 2}}}}}})}});
}

} // namespace

class TestExportAudio : public QObject {
    Q_OBJECT
private slots:
    void classFoldersEndToEnd() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = audioDataset(base / "in");
        const Pipeline pipeline = audioPipeline();
        ExportOptions o;
        o.output = base / "out";
        o.copies = 2;
        o.includeOriginals = true;
        o.jobs = 2;
        const ExportSummary s = runExport(pipeline, in, o);
        QVERIFY(s.complete);
        QCOMPARE(s.outputs, int64_t(clips().size() * 3));

        // The corrupt clip is reported (by the scan or the export) and nothing is written
        // for it; the others are all there.
        const json summary = json::parse(readText(o.output / "summary.json"));
        QCOMPARE(summary["failed"].get<int>(), 1);
        QCOMPARE(summary["failures"][0]["source"].get<std::string>(),
                 std::string("cat/broken.wav"));
        QVERIFY(!summary["failures"][0]["reason"].get<std::string>().empty());
        QCOMPARE(summary["outputs"].get<int>(), int(clips().size() * 3));
        QCOMPARE(summary["counts"]["after"]["train"]["cat"].get<int>(), 9);
        QCOMPARE(summary["counts"]["after"]["train"]["dog"].get<int>(), 6);
        QVERIFY(!fs::exists(o.output / "cat" / "broken.wav"));
        QVERIFY(!fs::exists(o.output / "cat" / "broken__aug0.wav"));

        const auto lines = manifest(o.output / "manifest.jsonl");
        QCOMPARE(lines.size(), clips().size() * 3);
        std::set<std::string> outputs;
        for (const auto& line : lines)
            QVERIFY(outputs.insert(line["output"].get<std::string>()).second);

        int replayed = 0;
        for (const Clip& c : clips()) {
            const fs::path rel(c.rel);
            const AudioInfo src = probeAudioFile(in / rel);
            QCOMPARE(src.format, c.format);
            // The original, byte for byte, under its own name.
            QCOMPARE(readText(o.output / rel), readText(in / rel));
            QVERIFY(outputs.count(rel.generic_string()));
            for (int k = 0; k < 2; ++k) {
                const fs::path outRel = augName(rel, k);
                const auto line = std::find_if(lines.begin(), lines.end(), [&](const json& l) {
                    return l["output"] == outRel.generic_string();
                });
                QVERIFY2(line != lines.end(), outRel.c_str());
                QCOMPARE((*line)["source"].get<std::string>(), std::string(c.rel));
                QCOMPARE((*line)["class"].get<std::string>(), rel.parent_path().string());
                QCOMPARE((*line)["copy"].get<int>(), k);
                const json& steps = (*line)["steps"];
                QCOMPARE(steps.size(), size_t(3));
                for (const auto& st : steps)
                    QVERIFY(st["applied"].get<bool>());
                const double rate = steps[1]["values"]["rate"];
                QVERIFY(rate >= 0.8 && rate <= 1.25);

                // Same rate, channels and sample format; the length the drawn rate gives.
                const AudioInfo out = probeAudioFile(o.output / outRel);
                QCOMPARE(out.sampleRate, c.rate);
                QCOMPARE(out.channels, c.channels);
                QCOMPARE(out.format, c.format);
                QCOMPARE(out.frames, int64_t(std::llround(double(src.frames) / rate)));

                // Replaying the manifest's values on the source gives the same bytes.
                std::vector<StepRecord> records;
                for (const auto& st : steps)
                    records.push_back(StepRecord::fromJson(st));
                ItemFile file = readItemFile(in / rel, Modality::Audio, {});
                Sample sample = cloneSample(file.samples[0]);
                pipeline.replay(sample, records);
                const fs::path replay = base / "replay" / outRel;
                fs::create_directories(replay.parent_path());
                writeItemFile(replay, file, {sample});
                QVERIFY2(readText(replay) == readText(o.output / outRel), outRel.c_str());
                ++replayed;
            }
        }
        QCOMPARE(replayed, int(clips().size() * 2));
    }

    void jobsGiveTheSameBytes() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = audioDataset(base / "in");
        auto run = [&](const char* name, int jobs) {
            ExportOptions o;
            o.output = base / name;
            o.jobs = jobs;
            runExport(audioPipeline(), in, o);
        };
        run("one", 1);
        run("two", 2);
        for (const Clip& c : clips()) {
            const fs::path rel(c.rel);
            const fs::path aug = augName(rel, 0);
            QVERIFY(fs::exists(base / "one" / aug));
            QVERIFY2(readText(base / "one" / aug) == readText(base / "two" / aug), aug.c_str());
        }
        QCOMPARE(readText(base / "one" / "manifest.jsonl"),
                 readText(base / "two" / "manifest.jsonl"));
    }
};

QTEST_GUILESS_MAIN(TestExportAudio)
#include "tst_export_audio.moc"
