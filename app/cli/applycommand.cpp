#include "app/cli/commands.h"
#include "core/util/readlimits.h"

#include "core/catalog/builtin.h"
#include "core/dataset/dataset.h"
#include "core/dataset/datasetpartners.h"
#include "core/dataset/datasetpartnersource.h"
#include "core/io/itemfile.h"
#include "core/pipeline/memorypartnersource.h"
#include "core/pipeline/pipeline.h"
#include "core/pipeline/runcontext.h"
#include "core/transforms/text/tfidffit.h"
#include "core/util/error.h"

#include <filesystem>
#include <iostream>
#include <map>

namespace augstudio::cli {

using namespace augstudio::core;
namespace fs = std::filesystem;

namespace {

struct ApplyOptions {
    std::string pipeline, input, output;
    std::string partners; // a dataset folder whose items are the partners; empty: the rows
    std::optional<uint64_t> seed;
    int copies = 1;
    bool json = false;
    int quality = 95;
};

std::string describeValues(const Values& v) {
    std::string out;
    for (const auto& [k, x] : v.items())
        out += (out.empty() ? "" : ", ") + k + "=" + x.dump();
    return out;
}

int runApply(const ApplyOptions& o, const ReadLimits& limits) {
    const Pipeline pipeline = loadPipeline(o.pipeline, limits);
    const uint64_t seed = o.seed.value_or(pipeline.seed());
    if (!fs::exists(o.input))
        throw IoError(o.input, "no such file");
    const ItemFile item = readItemFile(o.input, pipeline.modality(), {limits, false});
    RunContext run;
    run.limits = limits;
    const fs::path in(o.input), out(o.output);
    const std::string key = in.filename().string();
    // Rows of a table are items of their own: the key names the row.
    auto rowKey = [&](size_t i) {
        return item.samples.size() > 1 ? key + "#" + std::to_string(i) : key;
    };
    if (!o.partners.empty()) {
        // Multi-sample transforms draw from the items of another dataset folder.
        if (!fs::is_directory(o.partners))
            throw IoError(o.partners, "--partners: no such folder");
        auto ds = std::make_shared<const Dataset>(scanDataset(o.partners));
        if (ds->modality != item.modality)
            throw IoError(o.partners, std::string("--partners holds ") +
                                          modalityName(ds->modality) + " items, the input is " +
                                          modalityName(item.modality));
        if (item.modality == Modality::Series)
            run.seriesPool = seriesPartners(
                *ds, [](const std::string&) { return true; }, limits);
        run.partners = std::make_shared<DatasetPartnerSource>(ds, nullptr, limits);
    } else {
        // series.mixup_same_class and the other partner transforms mix with the file's rows.
        if (item.modality == Modality::Series) {
            std::map<std::string, std::pair<SeriesPool::Series, std::vector<std::string>>> byLabel;
            for (size_t i = 0; i < item.samples.size(); ++i)
                if (const auto* se = std::get_if<SeriesSample>(&item.samples[i])) {
                    auto& [series, keys] = byLabel[se->label];
                    SeriesSample copy = *se;
                    copy.values = se->values.clone(); // the pool must not alias a row being run
                    series.push_back(std::move(copy));
                    keys.push_back(rowKey(i));
                }
            auto pool = std::make_shared<SeriesPool>();
            for (auto& [label, entry] : byLabel)
                pool->set(label, std::move(entry.first), std::move(entry.second));
            run.seriesPool = std::move(pool);
        }
        MemoryPartnerSource::Keyed rows;
        for (size_t i = 0; i < item.samples.size(); ++i)
            rows.emplace_back(rowKey(i), item.samples[i]);
        run.partners = std::make_shared<MemoryPartnerSource>(std::move(rows));
    }
    // text.tfidf_replace needs word statistics of the dataset: here, the file's rows.
    if (item.modality == Modality::Text) {
        std::vector<std::string> texts;
        for (const Sample& s : item.samples)
            if (const auto* t = std::get_if<TextSample>(&s))
                texts.push_back(t->text);
        run.textStatistics = fitTextStatistics(texts);
    }
    if (o.copies > 1) {
        std::error_code ec;
        fs::create_directories(out, ec);
        if (ec || !fs::is_directory(out))
            throw IoError(o.output, "cannot create output folder: " + ec.message());
    } else if (out.has_parent_path() && !fs::is_directory(out.parent_path())) {
        throw IoError(o.output, "the output's folder does not exist");
    }
    if (fs::exists(out) && fs::exists(in) && o.copies <= 1 && fs::equivalent(in, out))
        throw IoError(o.output, "refusing to overwrite the input");
    nlohmann::json outputs = nlohmann::json::array();
    for (int k = 0; k < o.copies; ++k) {
        const fs::path target =
            o.copies > 1
                ? out / (in.stem().string() + "__aug" + std::to_string(k) + in.extension().string())
                : out;
        std::vector<Sample> results;
        for (size_t i = 0; i < item.samples.size(); ++i) {
            const std::string itemKey = rowKey(i);
            const uint64_t outSeed = deriveSeed(seed, itemKey, uint64_t(k));
            Sample s = cloneSample(item.samples[i]);
            run.itemKey = itemKey; // not its own partner
            const RunResult r = pipeline.run(s, outSeed, run);
            results.push_back(std::move(s));
            nlohmann::json entry = {
                {"path", target.string()}, {"seed", outSeed}, {"steps", r.stepsJson()}};
            if (item.samples.size() > 1)
                entry["row"] = i;
            outputs.push_back(entry);
            if (!o.json) {
                std::cout << target.string();
                if (item.samples.size() > 1)
                    std::cout << " row " << i;
                std::cout << " (seed " << outSeed << ")\n";
                for (const auto& st : r.steps)
                    std::cout << "  " << st.id << ": "
                              << (st.applied ? describeValues(st.values) : std::string("skipped"))
                              << '\n';
            }
        }
        writeItemFile(target, item, results, {o.quality});
    }
    if (o.json)
        std::cout << nlohmann::json{{"outputs", outputs}}.dump(2) << '\n';
    return 0;
}

} // namespace

void addApplyCommand(CLI::App& app, Runner& run, const ReadLimits& limits) {
    auto* cmd = app.add_subcommand("apply", "Augment one file (every row of a TSV/CSV/UCR file)");
    auto o = std::make_shared<ApplyOptions>();
    cmd->add_option("--pipeline", o->pipeline, "pipeline JSON file")->required();
    cmd->add_option("--seed", o->seed, "seed (default: the pipeline's)");
    cmd->add_option("--copies", o->copies, "number of augmented copies")
        ->check(CLI::Range(1, 1000000));
    cmd->add_option("--quality", o->quality, "JPEG/WebP quality")->check(CLI::Range(1, 100));
    cmd->add_flag("--json", o->json, "machine-readable output");
    cmd->add_option("--partners", o->partners,
                    "dataset folder whose items multi-sample transforms (mixup, mosaic, ...) "
                    "draw as partners (default: the input's rows)");
    cmd->add_option("INPUT", o->input, "input file")->required();
    cmd->add_option("OUTPUT", o->output, "output file (a folder with --copies > 1)")->required();
    cmd->callback([&run, o, &limits] { run = [o, &limits] { return runApply(*o, limits); }; });
}

} // namespace augstudio::cli
