#include "core/pipeline/pipeline.h"

#include "core/pipeline/fusedrun.h"
#include "core/util/error.h"

#include <fstream>
#include <numeric>
#include <sstream>

namespace augstudio::core {

struct Pipeline::Node {
    enum class Kind { Step, Sequence, OneOf, SomeOf };
    Kind kind = Kind::Step;
    int index = 0; // pre-order position: seeds this node's generator
    double p = 1.0;
    bool enabled = true;
    // A copy, so a pipeline outlives the registry it was loaded with.
    std::shared_ptr<const TransformInfo> info;
    std::unique_ptr<Transform> transform;
    std::vector<Node> children;
    std::vector<double> weights; // OneOf
    IntRange n;                  // SomeOf
};

namespace {

using Node = Pipeline::Node;
using json = nlohmann::json;

std::string describe(const json& v) {
    std::string s = v.dump();
    return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}

double readProbability(const json& obj, const std::string& path, double def) {
    if (!obj.contains("p"))
        return def;
    const json& p = obj["p"];
    if (!p.is_number() || p.get<double>() < 0.0 || p.get<double>() > 1.0)
        throw PipelineError(path + ".p", "expected a probability within [0, 1]");
    return p.get<double>();
}

bool readEnabled(const json& obj, const std::string& path) {
    if (!obj.contains("enabled"))
        return true;
    if (!obj["enabled"].is_boolean())
        throw PipelineError(path + ".enabled", "expected true or false");
    return obj["enabled"].get<bool>();
}

class TreeBuilder {
public:
    TreeBuilder(const Registry& registry, Modality modality, const LoadContext& load)
        : registry_(registry), modality_(modality), load_(load) {}

    // Builds `node` from `obj` and returns the normalised JSON of that step.
    json build(const json& obj, const std::string& path, Node& node) {
        if (!obj.is_object())
            throw PipelineError(path, "expected a step object ({\"transform\": ...}, "
                                      "{\"one_of\": [...]}, {\"some_of\": [...]} or "
                                      "{\"sequence\": [...]})");
        node.index = counter_++;
        node.enabled = readEnabled(obj, path);
        const bool isStep = obj.contains("transform");
        const char* groupKey = obj.contains("one_of")     ? "one_of"
                               : obj.contains("some_of")  ? "some_of"
                               : obj.contains("sequence") ? "sequence"
                                                          : nullptr;
        if (isStep == (groupKey != nullptr))
            throw PipelineError(path, "expected exactly one of \"transform\", \"one_of\", "
                                      "\"some_of\" or \"sequence\"");
        json out = json::object();
        if (isStep)
            out = buildStep(obj, path, node);
        else
            out = buildGroup(obj, path, node, groupKey);
        out["enabled"] = node.enabled;
        return out;
    }

    json buildList(const json& arr, const std::string& path, std::vector<Node>& nodes) {
        if (!arr.is_array())
            throw PipelineError(path, "expected an array of steps");
        json out = json::array();
        nodes.resize(arr.size());
        for (size_t i = 0; i < arr.size(); ++i)
            out.push_back(build(arr[i], path + "[" + std::to_string(i) + "]", nodes[i]));
        return out;
    }

private:
    json buildStep(const json& obj, const std::string& path, Node& node) {
        for (const auto& [key, v] : obj.items())
            if (key != "transform" && key != "p" && key != "params" && key != "enabled")
                throw PipelineError(path + "." + key,
                                    "unknown key (a step takes transform, p, params, enabled)");
        const json& id = obj["transform"];
        if (!id.is_string())
            throw PipelineError(path + ".transform", "expected a transform id (string)");
        node.kind = Node::Kind::Step;
        if (const TransformInfo* found = registry_.find(id.get<std::string>()))
            node.info = std::make_shared<const TransformInfo>(*found);
        else
            throw PipelineError(path + ".transform", "unknown transform '" + id.get<std::string>() +
                                                         "' (augstudio-cli transforms lists them)");
        if (node.info->modality != modality_)
            throw PipelineError(
                path + ".transform",
                "'" + node.info->id + "' is a " + modalityName(node.info->modality) +
                    " transform; this pipeline's modality is " + modalityName(modality_));
        node.p = readProbability(obj, path, node.info->defaultP);
        ParamSet params = validateParams(
            node.info->params, obj.contains("params") ? obj["params"] : json(), path + ".params");
        try {
            node.transform = node.info->create(params, load_);
        } catch (const PipelineError&) {
            throw;
        } catch (const Error& e) {
            throw PipelineError(path + ".params", e.what());
        } catch (const std::exception& e) {
            throw PipelineError(path + ".params", e.what());
        }
        return {{"transform", node.info->id}, {"p", node.p}, {"params", params.json()}};
    }

    json buildGroup(const json& obj, const std::string& path, Node& node, const char* key) {
        const std::string k = key;
        for (const auto& [name, v] : obj.items()) {
            const bool ok = name == k || name == "p" || name == "enabled" ||
                            (k == "one_of" && name == "weights") || (k == "some_of" && name == "n");
            if (!ok)
                throw PipelineError(path + "." + name, "unknown key for a " + k + " group");
        }
        node.kind = k == "one_of"    ? Node::Kind::OneOf
                    : k == "some_of" ? Node::Kind::SomeOf
                                     : Node::Kind::Sequence;
        node.p = readProbability(obj, path, 1.0);
        json out = json::object();
        out[k] = buildList(obj[k], path + "." + k, node.children);
        out["p"] = node.p;
        const size_t count = node.children.size();
        if (node.kind != Node::Kind::Sequence && count == 0)
            throw PipelineError(path + "." + k, "expected at least one step");
        if (node.kind == Node::Kind::OneOf) {
            node.weights.assign(count, 1.0);
            if (obj.contains("weights")) {
                const json& w = obj["weights"];
                bool ok = w.is_array() && w.size() == count;
                double sum = 0;
                for (size_t i = 0; ok && i < count; ++i) {
                    ok = w[i].is_number() && w[i].get<double>() >= 0;
                    if (ok)
                        sum += (node.weights[i] = w[i].get<double>());
                }
                if (!ok || sum <= 0)
                    throw PipelineError(path + ".weights",
                                        "expected " + std::to_string(count) +
                                            " non-negative numbers, not all zero");
                out["weights"] = node.weights;
            }
        } else if (node.kind == Node::Kind::SomeOf) {
            node.n = {1, int64_t(count)};
            if (obj.contains("n")) {
                const json& n = obj["n"];
                const ParamSpec spec = intRangeParam("n", 1, 1, 0, int64_t(count), "");
                ParamSet ps = validateParams({spec}, json{{"n", n}}, path);
                node.n = ps.intRange("n");
            }
            out["n"] = {node.n.lo, node.n.hi};
        }
        return out;
    }

    const Registry& registry_;
    Modality modality_;
    const LoadContext& load_;
    int counter_ = 1;
};

void collectLeaves(const Node& node, std::vector<const Node*>& out) {
    if (node.kind == Node::Kind::Step)
        out.push_back(&node);
    for (const auto& c : node.children)
        collectLeaves(c, out);
}

void recordSkipped(const Node& node, std::vector<StepRecord>& records) {
    if (node.kind == Node::Kind::Step)
        records.push_back({node.info->id, false, Values::object()});
    for (const auto& c : node.children)
        recordSkipped(c, records);
}

// `fused` null: step by step. Otherwise applies go through it; records must not reallocate
// (the caller reserves one per leaf), since it holds the values until it flushes.
void runNode(const Node& node, Sample& sample, uint64_t seed, const RunContext& context,
             std::vector<StepRecord>& records, FusedRun* fused) {
    Rng rng(mixSeed(seed, uint64_t(node.index)));
    // The coin is always tossed first, so p changes never shift the values drawn after it.
    const bool go = rng.bernoulli(node.p) && node.enabled;
    if (!go) {
        recordSkipped(node, records);
        return;
    }
    switch (node.kind) {
    case Node::Kind::Step: {
        if (fused) {
            const Transform& t = *node.transform;
            if (t.fusion() == FusionKind::None)
                fused->flush(); // its draw sees the sample as it is
            records.push_back({node.info->id, true, t.draw(rng, fused->info())});
            fused->step(t, records.back().values);
            return;
        }
        Values v = node.transform->draw(rng, SampleInfo::of(sample, &context));
        node.transform->applyWith(sample, v, context);
        records.push_back({node.info->id, true, std::move(v)});
        return;
    }
    case Node::Kind::Sequence:
        for (const auto& c : node.children)
            runNode(c, sample, seed, context, records, fused);
        return;
    case Node::Kind::OneOf: {
        const double total = std::accumulate(node.weights.begin(), node.weights.end(), 0.0);
        double x = rng.uniform(0.0, total);
        size_t chosen = node.children.size() - 1;
        for (size_t i = 0; i < node.weights.size(); ++i) {
            if (x < node.weights[i] && node.weights[i] > 0) {
                chosen = i;
                break;
            }
            x -= node.weights[i];
        }
        for (size_t i = 0; i < node.children.size(); ++i) {
            if (i == chosen)
                runNode(node.children[i], sample, seed, context, records, fused);
            else
                recordSkipped(node.children[i], records);
        }
        return;
    }
    case Node::Kind::SomeOf: {
        const int64_t count = int64_t(node.children.size());
        const int64_t n = std::min(count, rng.integer(node.n.lo, node.n.hi));
        std::vector<size_t> order(node.children.size());
        std::iota(order.begin(), order.end(), 0);
        rng.shuffle(order);
        std::vector<bool> picked(node.children.size(), false);
        for (int64_t i = 0; i < n; ++i)
            picked[order[size_t(i)]] = true;
        for (size_t i = 0; i < node.children.size(); ++i) {
            if (picked[i])
                runNode(node.children[i], sample, seed, context, records, fused);
            else
                recordSkipped(node.children[i], records);
        }
        return;
    }
    }
}

} // namespace

namespace {
// {"applied", "id", "values" (applied steps only)}, node by node: every exported sample
// writes one per step.
json recordJson(std::string id, bool applied, Values values) {
    json j(json::value_t::object);
    auto& fields = j.get_ref<json::object_t&>();
    fields.emplace("applied", applied);
    fields.emplace("id", std::move(id));
    if (applied)
        fields.emplace("values", std::move(values).takeJson());
    return j;
}
} // namespace

json StepRecord::toJson() const {
    return recordJson(id, applied, applied ? values : Values());
}

StepRecord StepRecord::fromJson(const json& j) {
    StepRecord r;
    r.id = j.at("id").get<std::string>();
    r.applied = j.at("applied").get<bool>();
    if (j.contains("values")) {
        const json& values = j["values"];
        if (!values.is_object())
            throw PipelineError("values", std::string("expected an object of drawn values, got ") +
                                              values.type_name());
        r.values = Values::fromJson(values);
    }
    return r;
}

json RunResult::stepsJson() const& {
    json arr(json::value_t::array);
    auto& items = arr.get_ref<json::array_t&>();
    items.reserve(steps.size());
    for (const auto& s : steps)
        items.push_back(s.toJson());
    return arr;
}

json RunResult::stepsJson() && {
    json arr(json::value_t::array);
    auto& items = arr.get_ref<json::array_t&>();
    items.reserve(steps.size());
    for (auto& s : steps)
        items.push_back(recordJson(std::move(s.id), s.applied, std::move(s.values)));
    return arr;
}

Pipeline Pipeline::fromJson(const json& doc, const Registry& registry, const LoadContext& load) {
    if (!doc.is_object())
        throw PipelineError("$", "expected a pipeline object with version, modality and steps");
    for (const auto& [key, v] : doc.items())
        if (key != "version" && key != "modality" && key != "seed" && key != "steps" &&
            key != "min_visibility" && key != "name" && key != "description" &&
            key != "featurewise" && key != "fuse")
            throw PipelineError(key,
                                "unknown key (a pipeline takes version, modality, seed, "
                                "steps, min_visibility, featurewise, fuse, name, description)");
    if (!doc.contains("version"))
        throw PipelineError("version", "missing (expected 1)");
    const json& version = doc["version"];
    if (!version.is_number_integer() || version.get<int64_t>() < 1)
        throw PipelineError("version", "expected the integer 1, got " + describe(version));
    if (version.get<int64_t>() > kVersion)
        throw PipelineError("version", "version " + std::to_string(version.get<int64_t>()) +
                                           " is newer than this build supports (" +
                                           std::to_string(kVersion) + ")");
    if (!doc.contains("modality") || !doc["modality"].is_string())
        throw PipelineError("modality", "expected one of image, audio, series, text");
    Pipeline pl;
    try {
        pl.modality_ = modalityFromName(doc["modality"].get<std::string>());
    } catch (const std::invalid_argument&) {
        throw PipelineError("modality", "expected one of image, audio, series, text, got " +
                                            describe(doc["modality"]));
    }
    if (doc.contains("seed")) {
        const json& s = doc["seed"];
        if (!s.is_number_integer() ||
            (s.is_number_integer() && !s.is_number_unsigned() && s.get<int64_t>() < 0))
            throw PipelineError("seed", "expected a non-negative integer");
        pl.seed_ = s.get<uint64_t>();
    }
    json out = {
        {"version", kVersion}, {"modality", modalityName(pl.modality_)}, {"seed", pl.seed_}};
    if (doc.contains("min_visibility")) {
        const json& mv = doc["min_visibility"];
        if (!mv.is_number() || mv.get<double>() < 0 || mv.get<double>() > 1)
            throw PipelineError("min_visibility", "expected a number within [0, 1]");
        pl.minVisibility_ = mv.get<double>();
        out["min_visibility"] = pl.minVisibility_;
    }
    if (doc.contains("featurewise")) {
        // Keras fit() statistics to compute over the exported training images.
        const json& fw = doc["featurewise"];
        bool ok = fw.is_object();
        if (ok)
            for (const auto& [key, v] : fw.items())
                ok = ok && (key == "center" || key == "std_normalization") && v.is_boolean();
        if (!ok)
            throw PipelineError("featurewise",
                                "expected {\"center\": bool, \"std_normalization\": bool}");
        out["featurewise"] = fw;
    }
    if (doc.contains("fuse")) {
        if (!doc["fuse"].is_boolean())
            throw PipelineError("fuse", "expected true (fused execution) or false (step by step)");
        pl.fuse_ = doc["fuse"].get<bool>();
    }
    if (pl.modality_ == Modality::Image) // the only modality with fused steps so far
        out["fuse"] = pl.fuse_;
    for (const char* k : {"name", "description"})
        if (doc.contains(k))
            out[k] = doc[k];
    if (!doc.contains("steps"))
        throw PipelineError("steps", "missing (expected an array of steps)");
    auto root = std::make_shared<Node>();
    root->kind = Node::Kind::Sequence;
    TreeBuilder builder(registry, pl.modality_, load);
    // Nodes are numbered from 1 in document order; the root sequence is 0.
    out["steps"] = builder.buildList(doc["steps"], "steps", root->children);
    pl.root_ = root;
    collectLeaves(*root, pl.leaves_);
    pl.doc_ = std::move(out);
    return pl;
}

Pipeline Pipeline::load(const std::filesystem::path& file, const Registry& registry,
                        const LoadContext& load) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw IoError(file.string(), "cannot open pipeline file");
    std::ostringstream text;
    text << in.rdbuf();
    json doc;
    try {
        doc = json::parse(text.str());
    } catch (const json::exception& e) {
        // parse_error, and out_of_range for numbers such as 1e999: both name the file.
        throw PipelineError(file.string(), std::string("not valid JSON: ") + e.what());
    }
    try {
        return fromJson(doc, registry, load);
    } catch (const PipelineError& e) {
        throw PipelineError(file.string() + ": " + e.where(), e.reason());
    } catch (const json::exception& e) {
        throw PipelineError(file.string(), e.what());
    }
}

Modality Pipeline::modality() const {
    return modality_;
}
uint64_t Pipeline::seed() const {
    return seed_;
}
const json& Pipeline::toJson() const {
    return doc_;
}
bool Pipeline::fused() const {
    return fuse_;
}
FusionPlan Pipeline::fusionPlan() const {
    std::vector<const Transform*> steps;
    steps.reserve(leaves_.size());
    for (const Node* leaf : leaves_)
        steps.push_back(leaf->transform.get());
    return FusionPlan::of(steps, fuse_);
}
size_t Pipeline::stepCount() const {
    return leaves_.size();
}
const TransformInfo& Pipeline::stepInfo(size_t leaf) const {
    return *leaves_.at(leaf)->info;
}

RunResult Pipeline::run(Sample& sample, uint64_t seed) const {
    return run(sample, seed, RunContext{});
}

RunResult Pipeline::run(Sample& sample, uint64_t seed, const RunContext& context) const {
    RunResult result;
    result.seed = seed;
    if (auto* im = std::get_if<ImageSample>(&sample); im && minVisibility_ >= 0)
        im->minVisibility = minVisibility_;
    result.steps.reserve(leaves_.size());
    if (!fuse_) {
        for (const auto& c : root_->children)
            runNode(c, sample, seed, context, result.steps, nullptr);
        return result;
    }
    FusedRun fused(sample, context);
    for (const auto& c : root_->children)
        runNode(c, sample, seed, context, result.steps, &fused);
    fused.flush();
    return result;
}

bool Pipeline::rendersReduced() const {
    if (!fuse_ || modality_ != Modality::Image)
        return false;
    for (const Node* leaf : leaves_)
        if (leaf->transform->fusion() == FusionKind::None)
            return false;
    return true;
}

RunResult Pipeline::runReduced(Sample& sample, cv::Size fullSize, double scale, uint64_t seed,
                               const RunContext& context, cv::Size* fullOutput) const {
    if (!rendersReduced())
        throw PipelineError("steps", "only fused matrix and table steps can run reduced");
    RunResult result;
    result.seed = seed;
    if (auto* im = std::get_if<ImageSample>(&sample); im && minVisibility_ >= 0)
        im->minVisibility = minVisibility_;
    result.steps.reserve(leaves_.size());
    FusedRun fused(sample, context, fullSize, scale);
    for (const auto& c : root_->children)
        runNode(c, sample, seed, context, result.steps, &fused);
    fused.flush();
    if (fullOutput)
        *fullOutput = fused.fullSize();
    return result;
}

void Pipeline::replay(Sample& sample, const std::vector<StepRecord>& records) const {
    replay(sample, records, RunContext{});
}

void Pipeline::replay(Sample& sample, const std::vector<StepRecord>& records,
                      const RunContext& context) const {
    if (records.size() != leaves_.size())
        throw PipelineError("steps", "the record has " + std::to_string(records.size()) +
                                         " steps; the pipeline has " +
                                         std::to_string(leaves_.size()));
    if (auto* im = std::get_if<ImageSample>(&sample); im && minVisibility_ >= 0)
        im->minVisibility = minVisibility_;
    for (size_t i = 0; i < records.size(); ++i)
        if (records[i].id != leaves_[i]->info->id)
            throw PipelineError("steps[" + std::to_string(i) + "]",
                                "recorded '" + records[i].id + "' where the pipeline has '" +
                                    leaves_[i]->info->id + "'");
    FusedRun fused(sample, context);
    for (size_t i = 0; i < records.size(); ++i) {
        if (!records[i].applied)
            continue;
        if (fuse_)
            fused.step(*leaves_[i]->transform, records[i].values);
        else
            leaves_[i]->transform->applyWith(sample, records[i].values, context);
    }
    fused.flush();
}

Values Pipeline::runStepAlone(size_t leaf, Sample& sample, uint64_t seed,
                              const RunContext& context) const {
    const Node* node = leaves_.at(leaf);
    Rng rng(mixSeed(seed, uint64_t(node->index)));
    Values v = node->transform->draw(rng, SampleInfo::of(sample, &context));
    node->transform->applyWith(sample, v, context);
    return v;
}

} // namespace augstudio::core
