// The bad-input matrix of the reliability rules: one row per row of the table (split where a
// table row names several inputs), every input generated here. Each row asserts what came
// out (files exported, items read with their depth/channels/orientation), what was reported
// (summary.json failures, scan `bad` entries, error messages naming the file and the line or
// JSON path, and the reason) and that no input file changed (every input is hashed before
// and after).
#include "core/dataset/dataset.h"
#include "core/io/audio/audiofile.h"
#include "core/io/image/imagefile.h"
#include "core/io/series/seriesfile.h"
#include "core/io/text/textfile.h"
#include "core/util/error.h"
#include "testfiles.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <sndfile.h>

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <grp.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace augstudio::core;

using augstudio::testfiles::readText;

namespace {

void writeBytes(const fs::path& p, const std::string& bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
}

std::string encoded(const std::string& ext, const cv::Mat& m) {
    std::vector<unsigned char> buf;
    cv::imencode(ext, m, buf);
    return std::string(buf.begin(), buf.end());
}

cv::Mat noise(int w, int h, int seed) {
    cv::Mat m(h, w, CV_8UC3);
    cv::theRNG().state = uint64_t(seed) + 1;
    cv::randu(m, cv::Scalar::all(0), cv::Scalar::all(255));
    return m;
}

// rel path -> sha256 of every regular file below root (symlinks not followed).
std::map<std::string, QByteArray> hashTree(const fs::path& root) {
    std::map<std::string, QByteArray> out;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
         ++it) {
        if (it->is_symlink()) {
            it.disable_recursion_pending();
            out[it->path().lexically_relative(root).generic_string()] =
                QByteArray::fromStdString("->" + fs::read_symlink(it->path()).string());
            continue;
        }
        if (it->is_regular_file()) {
            const std::string t = readText(it->path());
            out[it->path().lexically_relative(root).generic_string()] =
                QCryptographicHash::hash(QByteArray::fromStdString(t), QCryptographicHash::Sha256);
        }
    }
    return out;
}

struct Run {
    int code = -1;
    std::string out, err;
    qint64 ms = 0;
};

// Root ignores permission bits: for the rows about folders it may not write, the CLI runs
// as the unprivileged user `nobody` (a no-op when the tests do not run as root).
constexpr uid_t kNobody = 65534;

Run cli(const QStringList& args, int timeoutMs = 60000, bool unprivileged = false) {
    QProcess p;
    if (unprivileged && geteuid() == 0)
        p.setChildProcessModifier([] {
            if (setgroups(0, nullptr) != 0 || setgid(kNobody) != 0 || setuid(kNobody) != 0)
                _exit(126);
        });
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral(CLI_PATH), args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.code = -2; // hang
    } else {
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }
    r.ms = t.elapsed();
    r.out = p.readAllStandardOutput().toStdString();
    r.err = p.readAllStandardError().toStdString();
    return r;
}

QString q(const fs::path& p) {
    return QString::fromStdString(p.string());
}

bool contains(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

// The failure entry of summary.json for `source`, or null.
json failureOf(const json& summary, const std::string& source) {
    for (const auto& f : summary["failures"])
        if (f["source"] == source)
            return f;
    return nullptr;
}

const BadFile* badOf(const Dataset& ds, const std::string& path, int64_t line = -1) {
    for (const auto& b : ds.bad)
        if (b.path == path && (line < 0 || b.line == line))
            return &b;
    return nullptr;
}

std::string badList(const Dataset& ds) {
    std::string s;
    for (const auto& b : ds.bad)
        s += b.path + ":" + std::to_string(b.line) + ": " + b.reason + "\n";
    return s;
}

std::string ioMessage(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    } catch (const std::exception& e) {
        return std::string("NOT AN augstudio Error: ") + e.what();
    }
    return {};
}

// A PNG whose IHDR claims width x height (CRC correct), with a tiny IDAT and IEND.
std::string pngHeaderOnly(uint32_t width, uint32_t height) {
    auto be32 = [](uint32_t v) {
        std::string s(4, '\0');
        s[0] = char(v >> 24);
        s[1] = char(v >> 16);
        s[2] = char(v >> 8);
        s[3] = char(v);
        return s;
    };
    auto crc = [](const std::string& data) {
        uint32_t c = 0xffffffffu;
        for (unsigned char b : data) {
            c ^= b;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        }
        return c ^ 0xffffffffu;
    };
    auto chunk = [&](const std::string& type, const std::string& body) {
        return be32(uint32_t(body.size())) + type + body + be32(crc(type + body));
    };
    std::string ihdr = be32(width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5);
    // zlib stream of a few zero bytes: a decoder that trusted the header would allocate
    // width * height * 3 bytes before finding out.
    const std::string idat("\x78\x9c\x63\x60\x00\x00\x00\x02\x00\x01", 10);
    return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", idat) +
           chunk("IEND", "");
}

// A JPEG of `m` with an APP1 Exif segment (orientation `o`) spliced in after SOI.
std::string jpegWithOrientation(const cv::Mat& m, int o) {
    std::string jpg = encoded(".jpg", m);
    // TIFF header (big endian), IFD0 with one entry: 0x0112 SHORT 1 = o.
    std::string tiff("MM\x00\x2a\x00\x00\x00\x08", 8);
    tiff += std::string("\x00\x01", 2);                         // one entry
    tiff += std::string("\x01\x12\x00\x03\x00\x00\x00\x01", 8); // tag, SHORT, count 1
    tiff += char(0);
    tiff += char(o);
    tiff += std::string(2, '\0');
    tiff += std::string(4, '\0'); // next IFD: none
    const std::string body = std::string("Exif\0\0", 6) + tiff;
    const size_t len = body.size() + 2;
    std::string app1("\xff\xe1", 2);
    app1 += char(len >> 8);
    app1 += char(len & 0xff);
    app1 += body;
    return jpg.substr(0, 2) + app1 + jpg.substr(2);
}

void writeWav(const fs::path& p, int format, int channels, int rate, int frames) {
    fs::create_directories(p.parent_path());
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = channels;
    info.format = format;
    SNDFILE* f = sf_open(p.c_str(), SFM_WRITE, &info);
    QVERIFY2(f, sf_strerror(nullptr));
    std::vector<float> data(size_t(frames) * size_t(channels));
    for (int i = 0; i < frames; ++i)
        for (int c = 0; c < channels; ++c)
            data[size_t(i) * size_t(channels) + size_t(c)] =
                0.5f * float(std::sin(0.01 * i * (c + 1)));
    sf_writef_float(f, data.data(), frames);
    sf_close(f);
}

const char* kImagePipeline =
    R"({"version": 1, "modality": "image", "seed": 3, "steps": [{"transform": "image.hflip", "p": 1.0}]})";

} // namespace

class TestReliabilityInputs : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    fs::path base_;
    fs::path in_, out_;

    // A class-folder image dataset: in/cat/good0.png, in/dog/good1.png.
    void goodImages() {
        writeBytes(in_ / "cat" / "good0.png", encoded(".png", noise(12, 10, 0)));
        writeBytes(in_ / "dog" / "good1.png", encoded(".png", noise(12, 10, 1)));
    }
    // Lets `nobody` reach the rows' folders (the temporary folder is private to its owner).
    void openToNobody() {
        fs::permissions(tmp_.path().toStdString(), fs::perms(0755));
        fs::permissions(base_, fs::perms(0755));
    }
    fs::path pipelineFile(const std::string& text = kImagePipeline) {
        const fs::path p = base_ / "p.json";
        writeBytes(p, text);
        return p;
    }
    // Runs the CLI export of in_ into out_ and returns summary.json (from --json).
    json exportJson(Run* run = nullptr, bool unprivileged = false) {
        Run r = cli({QStringLiteral("export"), QStringLiteral("--pipeline"), q(pipelineFile()),
                     QStringLiteral("--input"), q(in_), QStringLiteral("--output"), q(out_),
                     QStringLiteral("--jobs"), QStringLiteral("2"), QStringLiteral("--json")},
                    60000, unprivileged);
        if (run)
            *run = r;
        if (r.code != 0) {
            qWarning("export exit %d: %s", r.code, r.err.c_str());
            return nullptr;
        }
        return json::parse(r.out, nullptr, false);
    }
    // The bad image row: in/cat/<name> holds `bytes`; export reports it "cannot decode" and
    // goes on with the good ones.
    void badImageRow(const std::string& name, const std::string& bytes,
                     const std::string& reason = "cannot decode") {
        goodImages();
        writeBytes(in_ / "cat" / name, bytes);
        const auto before = hashTree(in_);
        Run r;
        const json s = exportJson(&r);
        QVERIFY2(!s.is_null(), r.err.c_str());
        const json f = failureOf(s, "cat/" + name);
        QVERIFY2(!f.is_null(), s.dump().c_str());
        QVERIFY2(contains(f["reason"].get<std::string>(), reason), f.dump().c_str());
        QVERIFY(fs::exists(out_ / "cat" / "good0__aug0.png"));
        QVERIFY(fs::exists(out_ / "dog" / "good1__aug0.png"));
        const std::string stem = fs::path(name).stem().string();
        for (const auto& e : fs::recursive_directory_iterator(out_))
            QVERIFY2(!contains(e.path().filename().string(), stem), e.path().c_str());
        QCOMPARE(s["outputs"].get<int>(), 2);
        QCOMPARE(hashTree(in_), before);
        QVERIFY(!fs::exists(out_ / ".augstudio" / "tmp"));
    }

    std::string pipelineError(const std::string& doc) {
        goodImages();
        Run r;
        const fs::path p = pipelineFile(doc);
        r = cli({QStringLiteral("export"), QStringLiteral("--pipeline"), q(p),
                 QStringLiteral("--input"), q(in_), QStringLiteral("--output"), q(out_)});
        if (r.code != 1)
            return "exit " + std::to_string(r.code) + " (expected 1): " + r.err;
        if (fs::exists(out_) && !fs::is_empty(out_))
            return "output written despite the bad pipeline";
        return r.err;
    }

private slots:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        QVERIFY2(fs::exists(CLI_PATH), CLI_PATH);
    }

    void matrix_data() {
        QTest::addColumn<QString>("row");
        for (const char* r : {"zero_byte_jpg",
                              "truncated_jpeg",
                              "truncated_png",
                              "random_bytes_jpg",
                              "decompression_bomb",
                              "png_16bit",
                              "png_grayscale",
                              "png_rgba",
                              "jpeg_cmyk",
                              "jpeg_exif_rotated",
                              "wav_0_frames",
                              "wav_pcm_u8",
                              "wav_pcm_24",
                              "wav_pcm_32",
                              "wav_float",
                              "wav_1_channel",
                              "wav_8_channels",
                              "wav_8khz",
                              "wav_192khz",
                              "csv_bom",
                              "csv_crlf",
                              "csv_semicolon",
                              "csv_quoted",
                              "csv_empty_lines",
                              "csv_nan",
                              "csv_ragged",
                              "csv_non_numeric",
                              "ucr_ragged",
                              "dataset_ucr_ragged_row",
                              "dataset_csv_non_numeric",
                              "dataset_text_invalid_utf8",
                              "text_invalid_utf8",
                              "text_emoji",
                              "text_1mb_line",
                              "text_empty_lines",
                              "yolo_bad_lines",
                              "coco_malformed",
                              "coco_missing_image",
                              "pipeline_malformed",
                              "pipeline_unknown_transform",
                              "pipeline_missing_field",
                              "pipeline_out_of_range",
                              "pipeline_newer_version",
                              "path_spaces_unicode",
                              "path_deep_40",
                              "path_symlink_loop",
                              "output_inside_input",
                              "output_not_writable",
                              "output_readonly_folder",
                              "output_foreign_nonempty"})
            QTest::newRow(r) << QString::fromLatin1(r);
    }

    void matrix() {
        QFETCH(QString, row);
        const std::string name = row.toStdString();
        base_ = fs::path(tmp_.path().toStdString()) / name;
        in_ = base_ / "in";
        out_ = base_ / "out";
        fs::create_directories(in_);

        // ---- images ------------------------------------------------------------------
        if (name == "zero_byte_jpg") {
            badImageRow("empty.jpg", "");
        } else if (name == "truncated_jpeg") {
            const std::string j = encoded(".jpg", noise(64, 48, 5));
            badImageRow("cut.jpg", j.substr(0, j.size() / 2));
        } else if (name == "truncated_png") {
            const std::string p = encoded(".png", noise(64, 48, 6));
            badImageRow("cut.png", p.substr(0, p.size() / 2));
        } else if (name == "random_bytes_jpg") {
            std::string b(4096, '\0');
            cv::RNG rng(7);
            for (auto& c : b)
                c = char(rng.uniform(0, 256));
            b[0] = 'x'; // not a JPEG signature by chance
            badImageRow("noise.jpg", b);
        } else if (name == "decompression_bomb") {
            const fs::path bomb = in_ / "cat" / "bomb.png";
            writeBytes(bomb, pngHeaderOnly(100000, 100000));
            // The file is a header alone: 10 gigapixels declared, no image data. Decoding it
            // fails (shown with a limit that admits it), so a refusal for the pixel limit
            // can only come from the header, before any decoding.
            const std::string msg = ioMessage([&] { readImage(bomb); });
            const std::string decoded = ioMessage([&] { readImage(bomb, {1e6}); });
            QVERIFY2(contains(decoded, bomb.string()), decoded.c_str());
            QVERIFY2(!decoded.empty() && !contains(decoded, "pixel limit"), decoded.c_str());
            QVERIFY2(!contains(msg, decoded.substr(bomb.string().size())), msg.c_str());
            QVERIFY2(contains(msg, bomb.string()), msg.c_str());
            QVERIFY2(contains(msg, "pixel limit"), msg.c_str());
            QVERIFY2(contains(msg, "100"), msg.c_str()); // names the limit (100 megapixels)
            // A lower limit is an option.
            writeBytes(in_ / "dog" / "big.png", encoded(".png", noise(200, 100, 2)));
            QVERIFY(contains(ioMessage([&] { readImage(in_ / "dog" / "big.png", {0.01}); }),
                             "pixel limit"));
            fs::remove(in_ / "dog" / "big.png");
            // Through the export: reported, the rest exported.
            fs::remove(bomb);
            badImageRow("bomb.png", pngHeaderOnly(100000, 100000), "pixel limit");
        } else if (name == "png_16bit") {
            cv::Mat m(6, 5, CV_16UC3);
            cv::randu(m, cv::Scalar::all(0), cv::Scalar::all(65535));
            writeBytes(in_ / "a.png", encoded(".png", m));
            const auto before = hashTree(in_);
            const ImageSample s = readImage(in_ / "a.png");
            QCOMPARE(s.image.depth(), CV_16U);
            QCOMPARE(s.image.channels(), 3);
            QCOMPARE(cv::norm(s.image, m, cv::NORM_INF), 0.0);
            QCOMPARE(hashTree(in_), before);
        } else if (name == "png_grayscale") {
            cv::Mat m(6, 5, CV_8UC1);
            cv::randu(m, cv::Scalar::all(0), cv::Scalar::all(255));
            writeBytes(in_ / "a.png", encoded(".png", m));
            const ImageSample s = readImage(in_ / "a.png");
            QCOMPARE(s.image.channels(), 1);
            QCOMPARE(s.image.depth(), CV_8U);
            QCOMPARE(cv::norm(s.image, m, cv::NORM_INF), 0.0);
        } else if (name == "png_rgba") {
            cv::Mat m(6, 5, CV_8UC4);
            cv::randu(m, cv::Scalar::all(0), cv::Scalar::all(255));
            writeBytes(in_ / "a.png", encoded(".png", m));
            const ImageSample s = readImage(in_ / "a.png");
            QCOMPARE(s.image.channels(), 4);
            QCOMPARE(cv::norm(s.image, m, cv::NORM_INF), 0.0); // alpha kept
        } else if (name == "jpeg_cmyk") {
            const QString convert = QStandardPaths::findExecutable(QStringLiteral("convert"));
            QVERIFY2(!convert.isEmpty(), "ImageMagick's convert is missing (scripts/deps installs "
                                         "imagemagick): it writes the CMYK JPEG");
            const fs::path f = in_ / "cmyk.jpg";
            QCOMPARE(
                QProcess::execute(convert, {QStringLiteral("-size"), QStringLiteral("16x8"),
                                            QStringLiteral("xc:red"), QStringLiteral("-colorspace"),
                                            QStringLiteral("CMYK"), q(f)}),
                0);
            const auto before = hashTree(in_);
            const ImageSample s = readImage(f);
            QCOMPARE(s.image.channels(), 3);
            QCOMPARE(s.image.cols, 16);
            QCOMPARE(s.image.rows, 8);
            const cv::Vec3b px = s.image.at<cv::Vec3b>(4, 8);
            QVERIFY2(px[2] > 200 && px[1] < 60 && px[0] < 60,
                     qPrintable(QStringLiteral("BGR %1 %2 %3 (expected red)")
                                    .arg(px[0])
                                    .arg(px[1])
                                    .arg(px[2])));
            QCOMPARE(hashTree(in_), before);
        } else if (name == "jpeg_exif_rotated") {
            // Stored 16 wide x 8 high, top row red, rest blue; orientation 6 = rotate 90
            // clockwise to display: upright it is 8 wide x 16 high with the right column red.
            cv::Mat m(8, 16, CV_8UC3, cv::Scalar(255, 0, 0));
            m.row(0).setTo(cv::Scalar(0, 0, 255));
            m.row(1).setTo(cv::Scalar(0, 0, 255));
            const fs::path f = in_ / "c" / "rot.jpg";
            writeBytes(f, jpegWithOrientation(m, 6));
            const ImageSample s = readImage(f);
            QCOMPARE(s.image.cols, 8);
            QCOMPARE(s.image.rows, 16);
            const cv::Vec3b right = s.image.at<cv::Vec3b>(8, 7), left = s.image.at<cv::Vec3b>(8, 0);
            QVERIFY2(right[2] > 150 && right[0] < 100, "right column should be red");
            QVERIFY2(left[0] > 150 && left[2] < 100, "left column should be blue");
            // The scan's metadata shows the upright size too.
            const Dataset ds = scanDataset(in_);
            QCOMPARE(ds.items.size(), size_t(1));
            QCOMPARE(ds.items[0].width, 8);
            QCOMPARE(ds.items[0].height, 16);

            // ---- audio -------------------------------------------------------------------
        } else if (name.rfind("wav_", 0) == 0) {
            struct W {
                int format, channels, rate, frames;
            };
            const std::map<std::string, W> ws = {
                {"wav_0_frames", {SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 16000, 0}},
                {"wav_pcm_u8", {SF_FORMAT_WAV | SF_FORMAT_PCM_U8, 1, 16000, 800}},
                {"wav_pcm_24", {SF_FORMAT_WAV | SF_FORMAT_PCM_24, 2, 16000, 800}},
                {"wav_pcm_32", {SF_FORMAT_WAV | SF_FORMAT_PCM_32, 2, 16000, 800}},
                {"wav_float", {SF_FORMAT_WAV | SF_FORMAT_FLOAT, 2, 44100, 800}},
                {"wav_1_channel", {SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 22050, 800}},
                {"wav_8_channels", {SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8, 48000, 800}},
                {"wav_8khz", {SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 8000, 800}},
                {"wav_192khz", {SF_FORMAT_WAV | SF_FORMAT_PCM_24, 2, 192000, 4000}}};
            const W w = ws.at(name);
            const fs::path f = in_ / "c" / "a.wav";
            writeWav(f, w.format, w.channels, w.rate, w.frames);
            writeWav(in_ / "d" / "b.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 16000, 400);
            const auto before = hashTree(in_);
            if (w.frames == 0) {
                // Reported naming the file ("no audio frames") by the reader and the scan,
                // so the export never writes an empty clip.
                const std::string msg = ioMessage([&] { readAudioFile(f); });
                QCOMPARE(msg, f.string() + ": no audio frames");
                const Dataset ds = scanDataset(in_);
                QCOMPARE(ds.items.size(), size_t(1));
                QVERIFY2(badOf(ds, "c/a.wav") &&
                             badList(ds).find("no audio frames") != std::string::npos,
                         badList(ds).c_str());
            } else {
                const AudioFile a = readAudioFile(f);
                QCOMPARE(int(a.sample.channels.size()), w.channels);
                QCOMPARE(a.sample.sampleRate, w.rate);
                QCOMPARE(a.sample.frames(), int64_t(w.frames));
                // Values survive within the format's precision.
                const double tol = (w.format & SF_FORMAT_SUBMASK) == SF_FORMAT_PCM_U8 ? 0.01 : 1e-3;
                for (int c = 0; c < w.channels; ++c)
                    QVERIFY(std::abs(a.sample.channels[size_t(c)][100] -
                                     0.5f * float(std::sin(0.01 * 100 * (c + 1)))) < tol);
                const Dataset ds = scanDataset(in_);
                QCOMPARE(ds.items.size(), size_t(2));
                QVERIFY2(ds.bad.empty(), badList(ds).c_str());
                QCOMPARE(ds.modality, Modality::Audio);
            }
            QCOMPARE(hashTree(in_), before);

            // ---- series tables -----------------------------------------------------------
        } else if (name.rfind("csv_", 0) == 0 || name == "ucr_ragged") {
            const std::map<std::string, std::string> texts = {
                {"csv_bom", "\xEF\xBB\xBFtime,x,y\n0,1,2\n1,3,4\n"},
                {"csv_crlf", "time,x,y\r\n0,1,2\r\n1,3,4\r\n"},
                {"csv_semicolon", "time;x;y\n0;1;2\n1;3;4\n"},
                {"csv_quoted", "\"time\",\"x\",\"y\"\n\"0\",\"1\",\"2\"\n\"1\",\"3\",\"4\"\n"},
                {"csv_empty_lines", "time,x,y\n\n0,1,2\n\n1,3,4\n\n"},
                {"csv_nan", "time,x,y\n0,1,NaN\n1,3,4\n"},
                {"csv_ragged", "time,x,y\n0,1,2\n1,3\n"},
                {"csv_non_numeric", "time,x,y\n0,1,2\n1,abc,4\n"},
                {"ucr_ragged", "1\t0.5\t0.6\t0.7\n2\t0.1\t0.2\n"}};
            const bool ucr = name == "ucr_ragged";
            const fs::path f = in_ / (ucr ? "train.tsv" : "s.csv");
            writeBytes(f, texts.at(name));
            const auto before = hashTree(in_);
            SeriesTable t;
            const std::string msg = ioMessage([&] { t = readSeriesTable(f); });
            if (name == "csv_ragged" || name == "csv_non_numeric" || name == "ucr_ragged") {
                const std::string where = f.string() + (ucr ? ":2" : ":3");
                QVERIFY2(contains(msg, where), (msg + " (expected " + where + ")").c_str());
            } else {
                QVERIFY2(msg.empty(), msg.c_str());
                QCOMPARE(t.series.size(), size_t(1));
                const SeriesSample& s = t.series[0];
                QCOMPARE(s.channelCount(), 2);
                QCOMPARE(s.steps(), 2);
                QCOMPARE(s.values.at<double>(1, 0), 3.0);
                if (name == "csv_nan")
                    QVERIFY(std::isnan(s.values.at<double>(0, 1)));
                else
                    QCOMPARE(s.values.at<double>(0, 1), 2.0);
                if (name == "csv_bom")
                    QVERIFY(t.bom);
                if (name == "csv_crlf")
                    QCOMPARE(t.lineEnd, std::string("\r\n"));
                if (name == "csv_semicolon")
                    QCOMPARE(t.delimiter, ';');
            }
            QCOMPARE(hashTree(in_), before);

        } else if (name == "dataset_ucr_ragged_row") {
            // A UCR archive with one ragged row: the row is reported with its line and left
            // out, the other rows are exported (the dataset rules: "a ragged CSV row gets a row
            // in the scan report (file, line, reason) and is left out").
            writeBytes(in_ / "train.tsv", "1\t0.5\t0.6\t0.7\n2\t0.1\t0.2\n1\t0.3\t0.3\t0.3\n");
            writeBytes(base_ / "p.json",
                       R"({"version": 1, "modality": "series", "seed": 1, "steps": []})");
            const auto before = hashTree(in_);
            const Dataset ds = scanDataset(in_);
            QVERIFY2(badOf(ds, "train.tsv", 2), ("scan: " + badList(ds)).c_str());
            QCOMPARE(ds.items.size(), size_t(2));
            Run r = cli({QStringLiteral("export"), QStringLiteral("--pipeline"),
                         q(base_ / "p.json"), QStringLiteral("--input"), q(in_),
                         QStringLiteral("--output"), q(out_), QStringLiteral("--json")});
            QCOMPARE(r.code, 0);
            const json s = json::parse(r.out);
            QCOMPARE(s["outputs"].get<int>(), 2);
            QCOMPARE(s["failed"].get<int>(), 1);
            QCOMPARE(s["failures"][0]["line"].get<int>(), 2);
            QCOMPARE(hashTree(in_), before);
        } else if (name == "dataset_csv_non_numeric") {
            // Series CSV folders with a non-numeric cell in b/s2.csv line 3: reported naming the
            // file and the line (scan or export), the other files exported.
            writeBytes(in_ / "a" / "s1.csv", "time,x\n0,1\n1,2\n");
            writeBytes(in_ / "b" / "s2.csv", "time,x\n0,1\n1,abc\n");
            writeBytes(in_ / "b" / "s3.csv", "time,x\n0,1\n1,3\n");
            writeBytes(base_ / "p.json",
                       R"({"version": 1, "modality": "series", "seed": 1, "steps": []})");
            const auto before = hashTree(in_);
            Run r = cli({QStringLiteral("export"), QStringLiteral("--pipeline"),
                         q(base_ / "p.json"), QStringLiteral("--input"), q(in_),
                         QStringLiteral("--output"), q(out_), QStringLiteral("--json")});
            QCOMPARE(r.code, 0);
            const json s = json::parse(r.out);
            QCOMPARE(s["outputs"].get<int>(), 2);
            QVERIFY(fs::exists(out_ / "a" / "s1__aug0.csv"));
            QVERIFY(fs::exists(out_ / "b" / "s3__aug0.csv"));
            QVERIFY(!fs::exists(out_ / "b" / "s2__aug0.csv"));
            const json f = failureOf(s, "b/s2.csv");
            QVERIFY2(!f.is_null(), s.dump().c_str());
            const std::string reason = f["reason"].get<std::string>();
            QVERIFY2(contains(reason, "abc"), f.dump().c_str());
            QVERIFY2((f.contains("line") && f["line"] == 3) || contains(reason, "line 3") ||
                         contains(reason, "s2.csv:3"),
                     ("no line number: " + f.dump()).c_str());
            QCOMPARE(hashTree(in_), before);

        } else if (name == "dataset_text_invalid_utf8") {
            // A text TSV with one line of invalid UTF-8: that line is reported (scan) and left
            // out; the other rows are exported.
            writeBytes(in_ / "t.tsv", "pos\tfine line\nneg\tbad \xC3\x28 byte\npos\tok again\n");
            writeBytes(base_ / "p.json",
                       R"({"version": 1, "modality": "text", "seed": 1, "steps": []})");
            const auto before = hashTree(in_);
            Run r = cli({QStringLiteral("export"), QStringLiteral("--pipeline"),
                         q(base_ / "p.json"), QStringLiteral("--input"), q(in_),
                         QStringLiteral("--output"), q(out_), QStringLiteral("--json")});
            QCOMPARE(r.code, 0);
            const json s = json::parse(r.out);
            const json f = failureOf(s, "t.tsv");
            QVERIFY2(!f.is_null() && f["line"] == 2, s.dump().c_str());
            QVERIFY2(s["failed"].get<int>() == 1 && s["outputs"].get<int>() == 2,
                     ("good rows not exported: " + s["failures"].dump()).c_str());
            QCOMPARE(hashTree(in_), before);

            // ---- text --------------------------------------------------------------------
        } else if (name.rfind("text_", 0) == 0) {
            const fs::path f = in_ / "t.tsv";
            std::string text;
            if (name == "text_invalid_utf8")
                text = "pos\tfine line\nneg\tbad \xC3\x28 byte\n";
            else if (name == "text_emoji")
                text = "pos\tso good \xF0\x9F\x98\x80 \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD\nneg\tmeh\n";
            else if (name == "text_1mb_line")
                text = "pos\t" + std::string(1 << 20, 'a') + "\nneg\tshort\n";
            else
                text = "\npos\tone\n\n\nneg\ttwo\n\n";
            writeBytes(f, text);
            const auto before = hashTree(in_);
            TextTable t;
            const std::string msg = ioMessage([&] { t = readTextTable(f); });
            if (name == "text_invalid_utf8") {
                QVERIFY2(contains(msg, f.string() + ":2"), msg.c_str());
                QVERIFY2(contains(msg, "invalid UTF-8"), msg.c_str());
                // The dataset scan reports it too, naming the file and line.
                const Dataset ds = [&] {
                    Dataset d;
                    const std::string m = ioMessage([&] { d = scanDataset(in_); });
                    if (!m.empty())
                        d.bad.push_back({"(scan threw)", 0, m});
                    return d;
                }();
                QVERIFY2(badOf(ds, "t.tsv", 2) ||
                             (ds.bad.size() == 1 && contains(ds.bad[0].reason, "t.tsv:2")),
                         badList(ds).c_str());
            } else {
                QVERIFY2(msg.empty(), msg.c_str());
                QCOMPARE(t.rows.size(), size_t(2));
                QCOMPARE(t.rows[1].label, std::string("neg"));
                if (name == "text_emoji")
                    QVERIFY(contains(t.rows[0].text, "\xF0\x9F\x98\x80"));
                if (name == "text_1mb_line")
                    QCOMPARE(t.rows[0].text.size(), size_t(1 << 20));
                if (name == "text_empty_lines")
                    QCOMPARE(t.rows[0].text, std::string("one"));
            }
            QCOMPARE(hashTree(in_), before);

            // ---- YOLO / COCO -------------------------------------------------------------
        } else if (name == "yolo_bad_lines") {
            writeBytes(in_ / "data.yaml", "names: [cup, bowl]\n");
            writeBytes(in_ / "images" / "a.png", encoded(".png", noise(100, 50, 3)));
            writeBytes(in_ / "labels" / "a.txt", "0 0.5 0.5 0.2 0.2\n"   // 1 good
                                                 "1 0.95 0.5 0.2 0.2\n"  // 2 outside [0,1]
                                                 "7 0.5 0.5 0.2 0.2\n"   // 3 unknown class
                                                 "0 0.5 0.5\n"           // 4 field count
                                                 "1 0.5 0.5 0.4 0.4\n"); // 5 good
            const auto before = hashTree(in_);
            const Dataset ds = scanDataset(in_);
            QCOMPARE(ds.layout, Layout::Yolo);
            QCOMPARE(ds.items.size(), size_t(1));
            const std::string all = badList(ds);
            QVERIFY2(!badOf(ds, "labels/a.txt", 1), all.c_str());
            QVERIFY2(badOf(ds, "labels/a.txt", 2), all.c_str());
            QVERIFY2(badOf(ds, "labels/a.txt", 3), all.c_str());
            QVERIFY2(contains(badOf(ds, "labels/a.txt", 3)->reason, "7"), all.c_str());
            QVERIFY2(badOf(ds, "labels/a.txt", 4), all.c_str());
            QVERIFY2(!badOf(ds, "labels/a.txt", 5), all.c_str());
            // Clipped box kept, unknown class and short line skipped: 3 boxes.
            const auto& boxes = ds.items[0].boxes;
            QCOMPARE(boxes.size(), size_t(3));
            QVERIFY(boxes[1].x2 <= 100.0 + 1e-9);
            QCOMPARE(boxes[1].classId, 1);
            QCOMPARE(hashTree(in_), before);
        } else if (name == "coco_malformed") {
            writeBytes(in_ / "images" / "p.png", encoded(".png", noise(40, 30, 4)));
            writeBytes(in_ / "annotations" / "train.json",
                       R"({"images": [{"id": 1, "file_name": "p.png", "width": 40,)");
            const auto before = hashTree(in_);
            Dataset ds;
            const std::string msg = ioMessage([&] { ds = scanDataset(in_); });
            // Reported: either the scan fails naming the JSON, or it lists it as bad.
            const bool thrown = contains(msg, "train.json");
            const bool listed = msg.empty() && badOf(ds, "annotations/train.json");
            QVERIFY2(thrown || listed, (msg + badList(ds)).c_str());
            QCOMPARE(hashTree(in_), before);
        } else if (name == "coco_missing_image") {
            writeBytes(in_ / "images" / "p.png", encoded(".png", noise(40, 30, 4)));
            writeBytes(in_ / "annotations" / "train.json", R"({
                "images": [{"id": 7, "file_name": "p.png", "width": 40, "height": 30},
                           {"id": 9, "file_name": "gone.png", "width": 40, "height": 30}],
                "annotations": [{"id": 1, "image_id": 7, "category_id": 5, "bbox": [4, 2, 10, 6]},
                                {"id": 2, "image_id": 9, "category_id": 5, "bbox": [0, 0, 8, 8]}],
                "categories": [{"id": 5, "name": "cup"}]})");
            const auto before = hashTree(in_);
            const Dataset ds = scanDataset(in_);
            QCOMPARE(ds.layout, Layout::Coco);
            QCOMPARE(ds.items.size(), size_t(1));
            bool found = false;
            for (const auto& b : ds.bad)
                found = found || contains(b.path + b.reason, "gone.png");
            QVERIFY2(found, badList(ds).c_str());
            QCOMPARE(hashTree(in_), before);

            // ---- pipeline JSON -----------------------------------------------------------
        } else if (name == "pipeline_malformed") {
            const std::string err =
                pipelineError(R"({"version": 1, "modality": "image", "steps": [)");
            QVERIFY2(contains(err, "p.json"), err.c_str());
            QVERIFY2(contains(err, "augstudio-cli: "), err.c_str());
        } else if (name == "pipeline_unknown_transform") {
            const std::string err = pipelineError(
                R"({"version": 1, "modality": "image", "steps": [{"transform": "image.hflip"}, {"transform": "image.nosuch"}]})");
            QVERIFY2(contains(err, "steps[1].transform"), err.c_str());
            QVERIFY2(contains(err, "image.nosuch"), err.c_str());
        } else if (name == "pipeline_missing_field") {
            const std::string err =
                pipelineError(R"({"version": 1, "modality": "image", "steps": [{"p": 0.5}]})");
            QVERIFY2(contains(err, "steps[0]"), err.c_str());
            QVERIFY2(contains(err, "transform"), err.c_str());
        } else if (name == "pipeline_out_of_range") {
            const std::string err = pipelineError(
                R"({"version": 1, "modality": "image", "steps": [{"transform": "image.rotate", "params": {"degrees": [-500, 20]}}]})");
            QVERIFY2(contains(err, "steps[0].params.degrees"), err.c_str());
            QVERIFY2(contains(err, "-180") && contains(err, "180"), err.c_str()); // the range
        } else if (name == "pipeline_newer_version") {
            const std::string err = pipelineError(
                R"({"version": 2, "modality": "image", "steps": [{"transform": "image.hflip"}]})");
            QVERIFY2(contains(err, "version"), err.c_str());
            QVERIFY2(contains(err, "2"), err.c_str());

            // ---- paths -------------------------------------------------------------------
        } else if (name == "path_spaces_unicode") {
            in_ = base_ / "in put ünï";
            out_ = base_ / "out 猫 dir";
            writeBytes(in_ / "my class" / "a b.png", encoded(".png", noise(10, 10, 8)));
            writeBytes(in_ / "chat 猫" / "ßild ✓.png", encoded(".png", noise(10, 10, 9)));
            const auto before = hashTree(in_);
            Run r;
            const json s = exportJson(&r);
            QVERIFY2(!s.is_null(), r.err.c_str());
            QCOMPARE(s["failed"].get<int>(), 0);
            QVERIFY(fs::exists(out_ / "my class" / "a b__aug0.png"));
            QVERIFY(fs::exists(out_ / "chat 猫" / "ßild ✓__aug0.png"));
            QVERIFY(contains(readText(out_ / "manifest.jsonl"), "ßild ✓__aug0.png"));
            QCOMPARE(hashTree(in_), before);
        } else if (name == "path_deep_40") {
            fs::path deep = in_ / "deep";
            for (int i = 0; i < 40; ++i)
                deep /= "d" + std::to_string(i);
            writeBytes(deep / "x.png", encoded(".png", noise(8, 8, 10)));
            writeBytes(in_ / "flat" / "y.png", encoded(".png", noise(8, 8, 11)));
            const auto before = hashTree(in_);
            Dataset ds;
            const std::string msg = ioMessage([&] { ds = scanDataset(in_); });
            QVERIFY2(msg.empty(), msg.c_str());
            // Class folders: the class is the first-level folder; the deep file is an item of
            // class "deep".
            QCOMPARE(ds.items.size(), size_t(2));
            std::set<std::string> labels;
            for (const auto& it : ds.items)
                labels.insert(it.label);
            QCOMPARE(labels, (std::set<std::string>{"deep", "flat"}));
            Run r;
            const json s = exportJson(&r);
            QVERIFY2(!s.is_null(), r.err.c_str());
            QVERIFY(fs::exists(out_ / fs::relative(deep, in_) / "x__aug0.png"));
            QCOMPARE(hashTree(in_), before);
        } else if (name == "path_symlink_loop") {
            goodImages();
            fs::create_directory_symlink(in_, in_ / "cat" / "loop");
            fs::create_directory_symlink(in_ / "dog", in_ / "dog" / "self");
            const auto before = hashTree(in_);
            Run r = cli({QStringLiteral("scan"), q(in_), QStringLiteral("--json")}, 20000);
            QVERIFY2(r.code != -2, "scan hung on a symlink loop");
            QCOMPARE(r.code, 0);
            const json j = json::parse(r.out);
            int loops = 0;
            for (const auto& b : j["bad"])
                loops += contains(b["reason"].get<std::string>(), "loop");
            QVERIFY2(loops >= 1, j["bad"].dump().c_str());
            QCOMPARE(j["splits"]["train"]["cat"].get<int>(), 1);
            QCOMPARE(j["splits"]["train"]["dog"].get<int>(), 1);
            QCOMPARE(hashTree(in_), before);

            // ---- outputs -----------------------------------------------------------------
        } else if (name == "output_inside_input") {
            goodImages();
            out_ = in_ / "cat" / "out";
            const auto before = hashTree(in_);
            Run r;
            QVERIFY(exportJson(&r).is_null());
            QCOMPARE(r.code, 1);
            QVERIFY2(contains(r.err, out_.string()) && contains(r.err, "inside"), r.err.c_str());
            QVERIFY(!fs::exists(out_));
            QCOMPARE(hashTree(in_), before);
        } else if (name == "output_not_writable") {
            // A file where the output's parent folder should be cannot be written by anyone.
            goodImages();
            writeBytes(base_ / "blocker", "a file, not a folder");
            out_ = base_ / "blocker" / "out";
            const auto before = hashTree(in_);
            Run r;
            QVERIFY(exportJson(&r).is_null());
            QCOMPARE(r.code, 1);
            QVERIFY2(contains(r.err, "blocker"), r.err.c_str());
            QCOMPARE(readText(base_ / "blocker"), std::string("a file, not a folder"));
            QCOMPARE(hashTree(in_), before);
            // A folder without write permission (as `nobody` when we are root).
            openToNobody();
            fs::create_directories(base_ / "ro");
            fs::permissions(base_ / "ro", fs::perms(0555));
            out_ = base_ / "ro" / "out";
            QVERIFY(exportJson(&r, true).is_null());
            QCOMPARE(r.code, 1);
            QVERIFY2(contains(r.err, "ro/out") && contains(r.err, "writable"), r.err.c_str());
            QVERIFY(!fs::exists(out_));
            fs::permissions(base_ / "ro", fs::perms(0755));
            QCOMPARE(hashTree(in_), before);
        } else if (name == "output_readonly_folder") {
            // The output folder exists, empty, and may not be written into: refused up front,
            // nothing created in it (root ignores the mode: the export runs as `nobody`).
            goodImages();
            openToNobody();
            const fs::path ro = base_ / "ro";
            fs::create_directories(ro / "out");
            fs::permissions(ro / "out", fs::perms(0555));
            out_ = ro / "out";
            Run r;
            const json s = exportJson(&r, true);
            fs::permissions(ro / "out", fs::perms(0755));
            QVERIFY(s.is_null());
            QCOMPARE(r.code, 1);
            QVERIFY2(contains(r.err, out_.string()), r.err.c_str());
            QVERIFY2(contains(r.err, "not writable"), r.err.c_str());
            QVERIFY(fs::is_empty(ro / "out"));
        } else if (name == "output_foreign_nonempty") {
            goodImages();
            writeBytes(out_ / "thesis.docx", "precious");
            const auto before = hashTree(in_);
            Run r;
            QVERIFY(exportJson(&r).is_null());
            QCOMPARE(r.code, 1);
            QVERIFY2(contains(r.err, out_.string()), r.err.c_str());
            QVERIFY2(contains(r.err, "--overwrite"), r.err.c_str());
            QCOMPARE(readText(out_ / "thesis.docx"), std::string("precious"));
            QCOMPARE(size_t(std::distance(fs::directory_iterator(out_), {})), size_t(1));
            QCOMPARE(hashTree(in_), before);
        } else {
            QFAIL("unknown row");
        }
    }
};

QTEST_GUILESS_MAIN(TestReliabilityInputs)
#include "tst_reliability_inputs.moc"
