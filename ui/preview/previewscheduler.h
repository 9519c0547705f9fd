#pragma once

#include "core/dataset/dataset.h"
#include "core/pipeline/pipeline.h"
#include "core/pipeline/softlabel.h"
#include "ui/preview/audioanalysis.h"

#include <QImage>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

namespace augstudio::ui {

// Where the previewed sample comes from: an item of a scanned dataset, or one row of a file
// opened on its own (key = the file name, "#row" for rows of a table, as the CLI's apply).
struct PreviewSource {
    std::shared_ptr<const core::Dataset> dataset;
    core::DatasetItem item;     // with dataset
    std::filesystem::path file; // without dataset
    core::Modality modality = core::Modality::Image;
    int64_t row = 0;
    std::string key() const;
    bool valid() const { return dataset != nullptr || !file.empty(); }
};

struct PreviewRequest {
    PreviewSource source;
    nlohmann::json pipeline; // the document being edited
    uint64_t copyIndex = 0;  // the export copy this preview shows
    int variants = 0;        // extra draws (copies copyIndex+1 ...) for the variants grid
    // Images: the view's viewport while it is at fit-to-window zoom, so the pictures are
    // built at the size shown; empty (zoomed by the user, tests): full resolution.
    QSize viewport;
    QSize variantCell; // the size of a cell of the variants grid
};

struct PreviewVariant {
    std::shared_ptr<const core::Sample> sample;
    uint64_t seed = 0;
};

// One partner a multi-sample step (image.mixup, audio.mix, series.smote, ...) mixed in, as
// its drawn values record it, with a thumbnail painted on the render worker.
struct PreviewPartner {
    std::string step; // the transform id
    std::string key, label;
    double weight = 0; // its share of the soft label
    QImage thumbnail;  // null when the run's partners have no such key
};

// What the image view shows, built and scaled on the render worker (ui/preview/displayimage):
// the GUI thread only wraps these in pixmaps.
struct PreviewPictures {
    QImage original, augmented;         // at `scale` of the full-resolution pictures
    QImage originalMask, augmentedMask; // mask overlays at the same scale, or null
    std::vector<QImage> variants;       // the main draw, then the variants, fitted to a cell
    double scale = 1.0;                 // shown pixels per full-resolution pixel
};

struct PreviewResult {
    quint64 ticket = 0;
    PreviewRequest request;
    std::string key;
    uint64_t seed = 0; // deriveSeed(pipeline seed, key, copyIndex): what export uses
    std::shared_ptr<const core::Sample> original;
    std::shared_ptr<const core::Sample> augmented;
    core::RunResult run;
    std::vector<PreviewVariant> variants;
    std::shared_ptr<const AudioAnalysis> originalAudio, augmentedAudio;
    // The partners of the main draw in step order, and its soft label (class: weight, summing
    // to 1); both empty when no step mixed.
    std::vector<PreviewPartner> partners;
    core::SoftLabel softLabel;
    PreviewPictures pictures;
    // Images: pixels of `augmented` (and the variants) per full-resolution pixel: below 1
    // when a pipeline of geometry and colour-table steps was rendered at the size shown
    // (core's Pipeline::runReduced); 1 when rendered at full resolution, as the export.
    double sampleScale = 1.0;
    QSize augmentedSize; // the augmented image's full-resolution size
    QString error;       // the file or field and the reason; the views keep their last picture
    double renderMs = 0;
};

// Renders previews off the GUI thread, Olive-render-ticket style: one job in flight, one
// pending (the newest request replaces it), the running job's ticket is cancelled when a
// newer one arrives, and results of stale tickets are dropped instead of shown. It owns
// its thread pool, apart from export's.
class PreviewScheduler : public QObject {
    Q_OBJECT
public:
    explicit PreviewScheduler(QObject* parent = nullptr);
    ~PreviewScheduler() override;

    // Returns the request's ticket; `ready` later carries the result if it is still current.
    quint64 request(PreviewRequest request);
    quint64 latestTicket() const { return latest_; }
    int droppedCount() const { return dropped_; }
    bool busy() const { return running_; }

    // Renders synchronously on the calling thread (tests and the benchmark compare with it).
    static PreviewResult render(const PreviewRequest& request,
                                const std::atomic<bool>* cancelled = nullptr);

signals:
    void ready(const augstudio::ui::PreviewResult& result);
    void failed(const QString& message);

private:
    void start(quint64 ticket, PreviewRequest request);
    void finished(PreviewResult result);

    QThreadPool pool_;
    quint64 latest_ = 0;
    quint64 shown_ = 0; // the newest ticket emitted: older results are stale
    bool running_ = false;
    int dropped_ = 0;
    std::shared_ptr<std::atomic<bool>> runningCancel_;
    std::optional<std::pair<quint64, PreviewRequest>> pending_;
};

} // namespace augstudio::ui

Q_DECLARE_METATYPE(augstudio::ui::PreviewResult)
