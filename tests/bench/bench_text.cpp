// Sentences per second of every text transform on 20-word sentences (draw + apply, one
// thread, WordNet loaded once), the full pipeline path for text.eda, and the WordNet load
// time. Targets: >= 50,000 sentences/s for EDA; WordNet load < 1 s.
// For scale: EDA's reference code makes 1,752 sentences/s after a 1.76 s WordNet load.
#include "core/pipeline/pipeline.h"
#include "core/pipeline/runcontext.h"
#include "core/transforms/text/textcatalog.h"
#include "core/transforms/text/tfidffit.h"
#include "core/transforms/text/tokenizedtext.h"
#include "core/transforms/text/wordnet.h"

#include <benchmark/benchmark.h>
#include <opencv2/core.hpp>

#include <cstdio>

using namespace augstudio::core;
using json = nlohmann::json;

namespace {

// Everyday words (most with WordNet synonyms) and EDA stop words, mixed as in real text.
const char* const kContent[] = {
    "movie", "great",  "story",  "actor",     "film",     "good",   "bad",    "plot",
    "scene", "funny",  "boring", "music",     "watch",    "love",   "hate",   "people",
    "time",  "really", "make",   "character", "director", "script", "ending", "quick",
    "brown", "fox",    "jump",   "lazy",      "dog",      "happy",  "child",  "sing",
    "loud",  "song",   "old",    "park",      "big",      "house",  "car",    "drive",
    "city",  "night",  "light",  "dark",      "strong",   "weak",   "friend", "family",
    "small", "water",  "food",   "eat",       "run",      "walk",   "fast",   "slow"};
const char* const kStop[] = {"the",  "a",    "and",  "of",  "to", "is",  "in",   "it", "was",
                             "this", "that", "with", "for", "on", "but", "very", "so", "not"};

std::vector<Sample> sentences(size_t count) {
    Rng rng(7);
    std::vector<Sample> out;
    for (size_t k = 0; k < count; ++k) {
        std::string s;
        for (int w = 0; w < 20; ++w) {
            if (w)
                s += rng.bernoulli(0.1) ? ", " : " ";
            const bool stop = rng.bernoulli(0.4);
            s += stop ? kStop[rng.integer(0, std::size(kStop) - 1)]
                      : kContent[rng.integer(0, std::size(kContent) - 1)];
        }
        s[0] = char(s[0] - 'a' + 'A');
        s += ".";
        out.push_back(TextSample{s, "1"});
    }
    return out;
}

const std::vector<Sample>& corpus() {
    static const std::vector<Sample> c = sentences(1000);
    return c;
}

void sentencesPerSecond(benchmark::State& state) {
    state.counters["sentences/s"] =
        benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

// The run's text statistics (for text.tfidf_replace), fitted over the corpus once.
const RunContext& benchContext() {
    static const RunContext context = [] {
        RunContext r;
        std::vector<std::string> texts;
        for (const Sample& s : corpus())
            texts.push_back(std::get<TextSample>(s).text);
        r.textStatistics = fitTextStatistics(texts);
        return r;
    }();
    return context;
}

void runTransform(benchmark::State& state, const Transform* t) {
    const auto& c = corpus();
    uint64_t seed = 0;
    for (auto _ : state) {
        const Sample& input = c[seed % c.size()];
        Sample s = input;
        Rng rng(++seed);
        const Values v = t->draw(rng, SampleInfo::of(s, &benchContext()));
        t->applyWith(s, v, benchContext());
        benchmark::DoNotOptimize(std::get<TextSample>(s).text.data());
    }
    sentencesPerSecond(state);
}

void runPipeline(benchmark::State& state, const Pipeline* p) {
    const auto& c = corpus();
    uint64_t seed = 0;
    for (auto _ : state) {
        Sample s = cloneSample(c[seed % c.size()]);
        const RunResult r = p->run(s, ++seed);
        benchmark::DoNotOptimize(r.steps.data());
    }
    sentencesPerSecond(state);
}

void tokenizeOnly(benchmark::State& state) {
    const auto& c = corpus();
    size_t k = 0;
    for (auto _ : state) {
        const TokenizedText t(std::get<TextSample>(c[k++ % c.size()]).text);
        benchmark::DoNotOptimize(t.str());
    }
    sentencesPerSecond(state);
}

void wordnetLoad(benchmark::State& state) {
    for (auto _ : state) {
        const auto wn = WordNet::load(WordNet::defaultDirectory());
        benchmark::DoNotOptimize(wn->synsetCount());
    }
}

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    cv::setNumThreads(1);
    std::printf("OpenCV threads: %d\n", cv::getNumThreads());
    static Registry registry;
    registerTextTransforms(registry);
    static std::vector<std::unique_ptr<Transform>> keep;
    static std::vector<std::unique_ptr<Pipeline>> pipelines;
    benchmark::RegisterBenchmark("wordnet_load", wordnetLoad)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(5);
    benchmark::RegisterBenchmark("tokenize+join", tokenizeOnly);
    for (const char* id :
         {"text.eda", "text.synonym_replace", "text.random_insert", "text.random_swap",
          "text.random_delete", "text.char_noise", "text.antonym_replace", "text.split_words",
          "text.ocr_noise", "text.char_substitute", "text.spelling_noise", "text.random_word",
          "text.aeda", "text.sentence_shuffle", "text.reserved_replace", "text.tfidf_replace"}) {
        const TransformInfo* info = registry.find(id);
        // reserved_replace needs its table: tokens of the corpus with alternatives.
        const json params = std::string(id) == "text.reserved_replace"
                                ? json{{"reserved", "movie|film|picture; big|large; fast|quick"}}
                                : json::object();
        keep.push_back(info->create(validateParams(info->params, params, id)));
        benchmark::RegisterBenchmark(id, runTransform, keep.back().get());
    }
    pipelines.push_back(std::make_unique<Pipeline>(Pipeline::fromJson(
        {{"version", 1}, {"modality", "text"}, {"steps", {{{"transform", "text.eda"}}}}},
        registry)));
    benchmark::RegisterBenchmark("pipeline[text.eda]", runPipeline, pipelines.back().get());
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
