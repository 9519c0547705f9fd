#include "app/cli/commands.h"

#include "core/catalog/builtin.h"
#include "core/io/itemfile.h"
#include "core/pipeline/pipeline.h"
#include "core/strength/strengthmeasure.h"
#include "core/transforms/text/tfidffit.h"
#include "core/util/error.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

namespace augstudio::cli {

using namespace augstudio::core;
namespace fs = std::filesystem;

namespace {

struct StrengthArgs {
    std::string pipeline, item, key;
    int samples = 64, row = 0, jobs = 0;
    std::optional<double> minSimilarity;
    bool json = false;
};

void printCopies(const char* title, const std::vector<uint64_t>& copies) {
    std::cout << title << ": " << copies.size();
    if (!copies.empty()) {
        std::cout << " (copies";
        for (uint64_t c : copies)
            std::cout << ' ' << c;
        std::cout << ')';
    }
    std::cout << '\n';
}

int runStrength(const StrengthArgs& a, const ReadLimits& limits) {
    const Pipeline pipeline = loadPipeline(a.pipeline, limits);
    if (!fs::exists(a.item))
        throw IoError(a.item, "no such file");
    const ItemFile file = readItemFile(a.item, pipeline.modality(), {limits, false});
    if (a.row < 0 || size_t(a.row) >= file.samples.size())
        throw OptionError("--row", "the file holds " + std::to_string(file.samples.size()) +
                                       " rows, no row " + std::to_string(a.row));
    RunContext run;
    run.limits = limits;
    // As in `apply`: the file's rows are the partners and the text statistics.
    if (file.modality == Modality::Series) {
        auto pool = std::make_shared<SeriesPool>();
        pool->setFromSamples(file.samples);
        run.seriesPool = std::move(pool);
    }
    if (file.modality == Modality::Text) {
        std::vector<std::string> texts;
        for (const Sample& s : file.samples)
            if (const auto* t = std::get_if<TextSample>(&s))
                texts.push_back(t->text);
        run.textStatistics = fitTextStatistics(texts);
    }
    // The key `apply` gives the same item, so copy k here is apply's copy k.
    const std::string name = fs::path(a.item).filename().string();
    const std::string key = !a.key.empty()            ? a.key
                            : file.samples.size() > 1 ? name + "#" + std::to_string(a.row)
                                                      : name;
    StrengthOptions options;
    options.samples = a.samples;
    options.minSimilarity = a.minSimilarity;
    options.threads = a.jobs;
    const StrengthReport report =
        measureStrength(pipeline, file.samples[size_t(a.row)], key, run, options);
    if (a.json) {
        std::cout << report.toJson().dump(2) << '\n';
        return 0;
    }
    std::cout << "item: " << report.key << "\nsamples: " << report.draws.size() << '\n';
    for (const auto& s : report.steps) {
        std::printf("step %zu %s: applied %lld of %zu (%.0f%%)\n", s.index, s.id.c_str(),
                    static_cast<long long>(s.applied), report.draws.size(), 100.0 * s.appliedShare);
        for (const auto& p : s.parameters)
            std::printf("  %s: min %g, median %g, mean %.4g, max %g\n", p.name.c_str(),
                        p.histogram.min, p.histogram.median, p.histogram.mean, p.histogram.max);
    }
    const Histogram& h = report.similarity;
    std::printf("%s: min %g, median %g, mean %.4g, max %g\n", report.measure.c_str(), h.min,
                h.median, h.mean, h.max);
    for (const auto& b : h.bins)
        std::printf("  [%.4g, %.4g]: %lld\n", b.lo, b.hi, static_cast<long long>(b.count));
    printCopies("too weak (unchanged)", report.tooWeak);
    std::printf("too strong (%s < %g)", report.measure.c_str(), report.minSimilarity);
    printCopies("", report.tooStrong);
    return 0;
}

} // namespace

void addStrengthCommand(CLI::App& app, Runner& run, const ReadLimits& limits) {
    auto* cmd = app.add_subcommand(
        "strength", "Draw K augmentations of one item: parameter histograms and similarity");
    auto a = std::make_shared<StrengthArgs>();
    cmd->add_option("--pipeline", a->pipeline, "pipeline JSON file")->required();
    cmd->add_option("--samples", a->samples, "draws (default 64)")->check(CLI::Range(1, 100000));
    cmd->add_option("--min-similarity", a->minSimilarity,
                    "draws less similar are too strong (default: SSIM 0.5, SNR 10 dB, "
                    "correlation 0.5, word similarity 0.5)");
    cmd->add_option("--row", a->row, "row of a table file (default 0)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--jobs", a->jobs, "threads (default: all cores)")->check(CLI::Range(0, 1024));
    cmd->add_option("--key", a->key,
                    "the item's key in its dataset (its path from the root), so the draws are "
                    "that export's copies (default: the file name, as `apply`)");
    cmd->add_flag("--json", a->json, "machine-readable output");
    cmd->add_option("ITEM", a->item, "the item: an image, a clip, or a series/text table")
        ->required();
    cmd->callback([&run, a, &limits] { run = [a, &limits] { return runStrength(*a, limits); }; });
}

} // namespace augstudio::cli
