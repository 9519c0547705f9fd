#include "core/strength/strengthmeasure.h"

#include "core/random/rng.h"
#include "core/strength/similarity.h"
#include "core/util/error.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <atomic>
#include <map>

namespace augstudio::core {

StrengthReport measureStrength(const Pipeline& pipeline, const Sample& original,
                               const std::string& key, const RunContext& context,
                               const StrengthOptions& options) {
    if (options.samples < 1)
        throw OptionError("samples", "must be at least 1");
    if (modalityOf(original) != pipeline.modality())
        throw OptionError("item", std::string("a ") + modalityName(modalityOf(original)) +
                                      " item for a " + modalityName(pipeline.modality()) +
                                      " pipeline");
    StrengthReport report;
    report.key = key;
    report.modality = pipeline.modality();
    report.measure = similarityName(report.modality);
    report.minSimilarity = options.minSimilarity.value_or(defaultMinSimilarity(report.modality));
    report.draws.resize(size_t(options.samples));

    std::atomic<int> done{0};
    std::atomic<bool> cancelled{false};
    auto work = [&] {
        tbb::task_group_context group;
        tbb::parallel_for(
            tbb::blocked_range<size_t>(0, report.draws.size(), 1),
            [&](const tbb::blocked_range<size_t>& r) {
                for (size_t k = r.begin(); k != r.end(); ++k) {
                    if (cancelled || context.isCancelled())
                        return;
                    StrengthReport::Draw& d = report.draws[k];
                    d.copy = k;
                    d.seed = deriveSeed(pipeline.seed(), key, k);
                    Sample augmented = cloneSample(original);
                    d.steps = pipeline.run(augmented, d.seed, context).steps;
                    d.unchanged = samplesEqual(original, augmented);
                    d.similarity = sampleSimilarity(original, augmented);
                    d.tooStrong = !d.unchanged && d.similarity < report.minSimilarity;
                    const int now = ++done;
                    if (options.progress && !options.progress(now, options.samples)) {
                        cancelled = true;
                        group.cancel_group_execution();
                    }
                }
            },
            group);
    };
    if (options.threads > 0)
        tbb::task_arena(options.threads).execute(work);
    else
        work();
    if (cancelled || context.isCancelled())
        throw OptionError("strength", "cancelled");

    std::vector<double> similarities;
    for (const auto& d : report.draws) {
        similarities.push_back(d.similarity);
        if (d.unchanged)
            report.tooWeak.push_back(d.copy);
        if (d.tooStrong)
            report.tooStrong.push_back(d.copy);
    }
    report.similarity = Histogram::of(similarities, options.bins);

    for (size_t leaf = 0; leaf < pipeline.stepCount(); ++leaf) {
        StrengthReport::Step step;
        step.index = leaf;
        step.id = pipeline.stepInfo(leaf).id;
        // Names in the order first drawn, so the panel lists them as the step does.
        std::vector<std::string> order;
        std::map<std::string, std::vector<double>> values;
        for (const auto& d : report.draws) {
            if (leaf >= d.steps.size() || !d.steps[leaf].applied)
                continue;
            ++step.applied;
            for (const auto& [name, v] : d.steps[leaf].values.items()) {
                if (!v.is_number() && !v.is_boolean())
                    continue;
                auto [it, fresh] = values.try_emplace(name);
                if (fresh)
                    order.push_back(name);
                it->second.push_back(v.is_boolean() ? double(v.get<bool>()) : v.get<double>());
            }
        }
        step.appliedShare = double(step.applied) / double(report.draws.size());
        for (const auto& name : order)
            step.parameters.push_back({name, Histogram::of(values[name], options.bins)});
        report.steps.push_back(std::move(step));
    }
    return report;
}

} // namespace augstudio::core
