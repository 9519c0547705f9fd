#include "ui/preview/previewscheduler.h"

#include "core/catalog/builtin.h"
#include "core/dataset/datasetpartners.h"
#include "core/dataset/datasetruncontext.h"
#include "core/dataset/datasettexts.h"
#include "core/io/itemfile.h"
#include "core/pipeline/memorypartnersource.h"
#include "core/pipeline/runcontext.h"
#include "core/random/rng.h"
#include "core/sample/imagetargets.h"
#include "core/util/error.h"
#include "ui/preview/displayimage.h"
#include "ui/preview/partnerthumbnail.h"

#include <QElapsedTimer>

#include <opencv2/imgproc.hpp>

#include <map>

namespace augstudio::ui {

std::string PreviewSource::key() const {
    if (dataset)
        return item.key;
    // Appended, not chained with operator+ (GCC 12 warns falsely on that at -O2).
    std::string key = file.filename().string();
    if (row > 0) {
        key += '#';
        key += std::to_string(row);
    }
    return key;
}

namespace {

// The last decoded source: a slider drag re-renders the same item many times, and decoding
// it each time would dominate the latency. Touched by one job at a time (one in flight).
struct SourceCache {
    std::mutex mutex;
    std::string id;
    std::shared_ptr<const core::Sample> sample;
    std::shared_ptr<const AudioAnalysis> audio;
    // The original's picture and mask overlay at `pictureScale` (a change of a parameter
    // would otherwise reduce the same 24 megapixels again).
    double pictureScale = 0;
    QImage picture, mask;
    // The original reduced to `reducedScale` with its targets: where reduced renders start.
    double reducedScale = 0;
    std::shared_ptr<const core::Sample> reduced;
    // The run context of the open dataset (core::datasetRunContext) for `contextId`.
    std::string contextId;
    std::weak_ptr<const core::Dataset> contextDataset; // an address can be reused
    core::RunContext context;
    // The partners of the series transforms for the file opened on its own below.
    std::string partnersId;
    std::shared_ptr<const core::SeriesPool> partners;
    // The partners of the multi-sample transforms (image.mixup, audio.mix, ...), likewise.
    std::string partnerSourceId;
    std::shared_ptr<const core::PartnerSource> partnerSource;
};
SourceCache& sourceCache() {
    static SourceCache cache;
    return cache;
}

std::string sourceId(const PreviewSource& s) {
    if (s.dataset)
        return std::to_string(reinterpret_cast<uintptr_t>(s.dataset.get())) + "|" + s.item.key;
    return s.file.string() + "|" + std::to_string(s.row);
}

std::shared_ptr<const core::Sample> loadSource(const PreviewSource& s) {
    if (s.dataset)
        return std::make_shared<const core::Sample>(core::loadItem(*s.dataset, s.item, {}));
    core::ItemFile file = core::readItemFile(s.file, s.modality, {});
    if (s.row < 0 || size_t(s.row) >= file.samples.size())
        throw core::IoError(s.file.string(), "has no row " + std::to_string(s.row));
    return std::make_shared<const core::Sample>(std::move(file.samples[size_t(s.row)]));
}

// What the series partner transforms mix with in the preview of a file opened on its own:
// its rows, as `apply` (a dataset's come from core::datasetRunContext).
std::shared_ptr<const core::SeriesPool> loadPartners(const PreviewSource& s) {
    auto pool = std::make_shared<core::SeriesPool>();
    pool->setFromSamples(core::readItemFile(s.file, s.modality, {}).samples);
    return pool;
}

// What image.mixup, image.mosaic, audio.mix ... draw in the preview of a file opened on its
// own: its rows, as `apply`.
std::shared_ptr<const core::PartnerSource> loadPartnerSource(const PreviewSource& s) {
    core::ItemFile file = core::readItemFile(s.file, s.modality, {});
    core::MemoryPartnerSource::Keyed rows;
    const std::string key = s.file.filename().string();
    for (size_t i = 0; i < file.samples.size(); ++i)
        rows.emplace_back(file.samples.size() > 1 ? key + "#" + std::to_string(i) : key,
                          std::move(file.samples[i]));
    return std::make_shared<core::MemoryPartnerSource>(std::move(rows));
}

std::string partnersId(const PreviewSource& s) {
    if (s.dataset)
        return std::to_string(reinterpret_cast<uintptr_t>(s.dataset.get()));
    return s.file.string();
}

constexpr QSize kPartnerThumbnail(96, 72);

std::string ownLabelOf(const core::Sample& sample) {
    return std::visit([](const auto& s) { return s.label; }, sample);
}

// The partner a step's drawn values name: by [label, index] in the series pool (the series
// transforms), else by key in the partner source (image.mixup, audio.mix, ...); null when the
// run holds no such partner.
std::shared_ptr<const core::Sample> partnerSample(const core::RunContext& run,
                                                  const nlohmann::json& values,
                                                  const nlohmann::json& ref) {
    if (run.seriesPool && values.contains("partner") && values.at("partner").is_array() &&
        values.at("partner").size() == 2) {
        const auto series = run.seriesPool->get(values.at("partner")[0].get<std::string>());
        const auto index = values.at("partner")[1].get<int64_t>();
        if (series && index >= 0 && size_t(index) < series->size())
            return std::make_shared<const core::Sample>((*series)[size_t(index)]);
    }
    if (run.partners && ref.contains("key")) {
        const int64_t index = run.partners->find(ref.at("key").get<std::string>());
        if (index >= 0)
            return run.partners->load(size_t(index));
    }
    return nullptr;
}

// Every partner the applied steps of `steps` (a RunResult's stepsJson) record, thumbnails
// included; loads go through the run's (cached) partner source.
std::vector<PreviewPartner> partnersOf(const core::RunContext& run, const nlohmann::json& steps) {
    std::vector<PreviewPartner> out;
    for (const nlohmann::json& step : steps) {
        if (!step.value("applied", false) || !step.contains("values"))
            continue;
        const nlohmann::json& values = step.at("values");
        if (!values.is_object() || !values.contains("partners"))
            continue;
        for (const nlohmann::json& ref : values.at("partners")) {
            PreviewPartner p;
            p.step = step.value("id", std::string());
            p.key = ref.value("key", std::string());
            p.label = ref.value("label", std::string());
            p.weight = ref.value("weight", 0.0);
            if (const auto sample = partnerSample(run, values, ref))
                p.thumbnail = partnerThumbnail(*sample, kPartnerThumbnail);
            out.push_back(std::move(p));
        }
    }
    return out;
}

// `image` reduced to `scale` of its size (area-averaged; mask by nearest, targets moved).
std::shared_ptr<const core::Sample> reducedImage(const core::ImageSample& image, double scale) {
    core::ImageSample out;
    const cv::Size size = displayimage::scaledSize(image.image.size(), scale);
    cv::resize(image.image, out.image, size, 0, 0, cv::INTER_AREA);
    if (!image.mask.empty())
        cv::resize(image.mask, out.mask, size, 0, 0, cv::INTER_NEAREST);
    out.boxes = image.boxes;
    out.keypoints = image.keypoints;
    out.label = image.label;
    const double sx = double(size.width) / image.image.cols;
    const double sy = double(size.height) / image.image.rows;
    out.minVisibility = 0; // a scale keeps every box whole
    core::geometry::transformTargets(out, {sx, 0, 0.5 * sx - 0.5, 0, sy, 0.5 * sy - 0.5, 0, 0, 1},
                                     size);
    out.minVisibility = image.minVisibility;
    return std::make_shared<const core::Sample>(std::move(out));
}

// A variant's picture fitted into a grid cell of `cell` pixels.
QImage cellPicture(const cv::Mat& image, QSize cell) {
    const QSize box = cell.expandedTo(QSize(40, 30)).boundedTo(QSize(4000, 4000));
    const double fit =
        std::min(double(box.width()) / image.cols, double(box.height()) / image.rows);
    QImage out = displayimage::picture(image, std::min(1.0, fit));
    if (fit > 1.0)
        out = out.scaled(box, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return out;
}

// The pictures of an image result at the size the request's view shows them.
void buildPictures(const PreviewRequest& request, PreviewResult& result, SourceCache& cache) {
    const auto* original = std::get_if<core::ImageSample>(result.original.get());
    if (!original)
        return;
    PreviewPictures& p = result.pictures;
    p.scale = displayimage::shownScale(request.viewport,
                                       QSize(original->image.cols, original->image.rows));
    {
        std::lock_guard lock(cache.mutex);
        if (cache.pictureScale != p.scale || cache.picture.isNull()) {
            cache.picture = displayimage::picture(original->image, p.scale);
            cache.mask = original->mask.empty()
                             ? QImage()
                             : displayimage::maskOverlay(original->mask, p.scale);
            cache.pictureScale = p.scale;
        }
        p.original = cache.picture;
        p.originalMask = cache.mask;
    }
    // A reduced render is already at the size shown.
    const double still = result.sampleScale < 1.0 ? 1.0 : p.scale;
    if (const auto* augmented =
            result.augmented ? std::get_if<core::ImageSample>(result.augmented.get()) : nullptr) {
        p.augmented = displayimage::picture(augmented->image, still);
        if (!augmented->mask.empty())
            p.augmentedMask = displayimage::maskOverlay(augmented->mask, still);
        if (request.variants > 0)
            p.variants.push_back(cellPicture(augmented->image, request.variantCell));
    }
    for (const PreviewVariant& v : result.variants)
        if (const auto* s = std::get_if<core::ImageSample>(v.sample.get()))
            p.variants.push_back(cellPicture(s->image, request.variantCell));
}

} // namespace

PreviewScheduler::PreviewScheduler(QObject* parent) : QObject(parent) {
    qRegisterMetaType<PreviewResult>();
    pool_.setMaxThreadCount(1);
    pool_.setObjectName(QStringLiteral("preview"));
}

PreviewScheduler::~PreviewScheduler() {
    if (runningCancel_)
        runningCancel_->store(true);
    pending_.reset();
    pool_.waitForDone();
}

quint64 PreviewScheduler::request(PreviewRequest request) {
    const quint64 ticket = ++latest_;
    if (running_) {
        if (pending_)
            ++dropped_; // replaced before it started
        // The render in flight runs on: its result is newer than what is shown, so while a
        // slider moves the view keeps updating at the render rate instead of starving.
        pending_.emplace(ticket, std::move(request));
        return ticket;
    }
    start(ticket, std::move(request));
    return ticket;
}

void PreviewScheduler::start(quint64 ticket, PreviewRequest request) {
    running_ = true;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    runningCancel_ = cancel;
    pool_.start([this, ticket, request = std::move(request), cancel]() {
        PreviewResult result = render(request, cancel.get());
        result.ticket = ticket;
        QMetaObject::invokeMethod(
            this, [this, result = std::move(result)]() mutable { finished(std::move(result)); },
            Qt::QueuedConnection);
    });
}

void PreviewScheduler::finished(PreviewResult result) {
    running_ = false;
    runningCancel_.reset();
    if (result.ticket > shown_) {
        shown_ = result.ticket;
        if (!result.error.isEmpty())
            emit failed(result.error);
        emit ready(result);
    } else {
        ++dropped_;
    }
    if (pending_) {
        auto [ticket, request] = std::move(*pending_);
        pending_.reset();
        start(ticket, std::move(request));
    }
}

PreviewResult PreviewScheduler::render(const PreviewRequest& request,
                                       const std::atomic<bool>* cancelled) {
    PreviewResult result;
    result.request = request;
    QElapsedTimer timer;
    timer.start();
    auto isCancelled = [cancelled] { return cancelled && cancelled->load(); };
    try {
        if (!request.source.valid())
            throw core::Error({}, "nothing to preview: open a dataset or a file");
        result.key = request.source.key();
        {
            SourceCache& cache = sourceCache();
            std::lock_guard lock(cache.mutex);
            const std::string id = sourceId(request.source);
            if (cache.id != id || !cache.sample) {
                cache.sample = loadSource(request.source);
                cache.audio.reset();
                cache.picture = cache.mask = QImage();
                cache.pictureScale = 0;
                cache.reduced.reset();
                cache.reducedScale = 0;
                cache.id = id;
            }
            result.original = cache.sample;
            if (const auto* audio = std::get_if<core::AudioSample>(result.original.get())) {
                if (!cache.audio)
                    cache.audio = std::make_shared<const AudioAnalysis>(analyseAudio(*audio));
                result.originalAudio = cache.audio;
            }
        }
        const core::Pipeline pipeline = core::pipelineFromJson(request.pipeline);
        core::RunContext run;
        if (request.source.dataset) {
            // The export's context (partners, series pool, word statistics for
            // text.tfidf_replace), built once per dataset and kind of need.
            const std::string id = partnersId(request.source) + "|" +
                                   std::to_string(core::usesSeriesPartners(pipeline)) +
                                   std::to_string(core::usesPartnerSource(pipeline)) +
                                   std::to_string(core::usesTextStatistics(pipeline));
            SourceCache& cache = sourceCache();
            std::lock_guard lock(cache.mutex);
            if (cache.contextId != id || cache.contextDataset.lock() != request.source.dataset) {
                cache.context = core::datasetRunContext(
                    request.source.dataset,
                    [](const std::string& split) { return split == "train"; }, pipeline, {});
                cache.contextId = id;
                cache.contextDataset = request.source.dataset;
            }
            run = cache.context;
        } else {
            SourceCache& cache = sourceCache();
            std::lock_guard lock(cache.mutex);
            if (core::usesSeriesPartners(pipeline)) {
                if (cache.partnersId != partnersId(request.source) || !cache.partners) {
                    cache.partners = loadPartners(request.source);
                    cache.partnersId = partnersId(request.source);
                }
                run.seriesPool = cache.partners;
            }
            if (core::usesPartnerSource(pipeline)) {
                if (cache.partnerSourceId != partnersId(request.source) || !cache.partnerSource) {
                    cache.partnerSource = loadPartnerSource(request.source);
                    cache.partnerSourceId = partnersId(request.source);
                }
                run.partners = cache.partnerSource;
            }
        }
        if (run.partners)
            run.itemKey = result.key; // the export leaves the item out of its partners too
        if (pipeline.modality() != core::modalityOf(*result.original))
            throw core::PipelineError(
                "modality", std::string("the pipeline is for ") +
                                core::modalityName(pipeline.modality()) + ", the item is " +
                                core::modalityName(core::modalityOf(*result.original)));
        result.seed = core::deriveSeed(pipeline.seed(), result.key, request.copyIndex);
        // At fit zoom a pipeline of geometry and colour-table steps renders at the size shown
        // (its look does not depend on pixel size); any other renders at full resolution.
        const auto* full = std::get_if<core::ImageSample>(result.original.get());
        double reduce = 1.0;
        if (full && !request.viewport.isEmpty() && pipeline.rendersReduced())
            reduce = displayimage::shownScale(request.viewport,
                                              QSize(full->image.cols, full->image.rows));
        std::shared_ptr<const core::Sample> start = result.original;
        if (reduce < 1.0) {
            SourceCache& cache = sourceCache();
            std::lock_guard lock(cache.mutex);
            if (cache.reducedScale != reduce || !cache.reduced) {
                cache.reduced = reducedImage(*full, reduce);
                cache.reducedScale = reduce;
            }
            start = cache.reduced;
            result.sampleScale = reduce;
        }
        cv::Size fullOutput;
        auto runOne = [&](core::Sample& sample, uint64_t seed) {
            if (reduce < 1.0)
                return pipeline.runReduced(sample, full->image.size(), reduce, seed, run,
                                           &fullOutput);
            core::RunResult r = pipeline.run(sample, seed, run);
            if (const auto* im = std::get_if<core::ImageSample>(&sample))
                fullOutput = im->image.size();
            return r;
        };
        auto augmented = std::make_shared<core::Sample>(core::cloneSample(*start));
        result.run = runOne(*augmented, result.seed);
        result.augmentedSize = QSize(fullOutput.width, fullOutput.height);
        result.augmented = augmented;
        const nlohmann::json steps = result.run.stepsJson();
        if (core::mixedInPartners(steps)) {
            result.partners = partnersOf(run, steps);
            result.softLabel = core::softLabelOf(ownLabelOf(*result.original), steps);
        }
        if (const auto* audio = std::get_if<core::AudioSample>(augmented.get()))
            result.augmentedAudio = std::make_shared<const AudioAnalysis>(analyseAudio(*audio));
        for (int v = 0; v < request.variants && !isCancelled(); ++v) {
            PreviewVariant variant;
            variant.seed =
                core::deriveSeed(pipeline.seed(), result.key, request.copyIndex + uint64_t(v) + 1);
            auto sample = std::make_shared<core::Sample>(core::cloneSample(*start));
            runOne(*sample, variant.seed);
            variant.sample = sample;
            result.variants.push_back(std::move(variant));
        }
    } catch (const std::exception& e) {
        result.error = QString::fromStdString(e.what());
    }
    try {
        if (result.original && !isCancelled())
            buildPictures(request, result, sourceCache()); // after a failure: the original
    } catch (const std::exception& e) {
        result.error = QString::fromStdString(e.what());
    }
    result.renderMs = double(timer.nsecsElapsed()) / 1e6;
    return result;
}

} // namespace augstudio::ui
