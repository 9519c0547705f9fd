#include "app/cli/commands.h"

#include "core/catalog/builtin.h"
#include "core/interop/albumentations.h"
#include "core/util/atomicwrite.h"
#include "core/util/error.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <iostream>
#include <sstream>

namespace augstudio::cli {

using namespace augstudio::core;
using json = nlohmann::json;

namespace {

// YAML as Albumentations' save(..., data_format="yaml") writes it, as the same JSON value.
json yamlToJson(const YAML::Node& n) {
    switch (n.Type()) {
    case YAML::NodeType::Sequence: {
        json a = json::array();
        for (const auto& e : n)
            a.push_back(yamlToJson(e));
        return a;
    }
    case YAML::NodeType::Map: {
        json o = json::object();
        for (const auto& kv : n)
            o[kv.first.as<std::string>()] = yamlToJson(kv.second);
        return o;
    }
    case YAML::NodeType::Scalar: {
        const std::string s = n.Scalar();
        if (n.Tag() == "!" || n.Tag() == "tag:yaml.org,2002:str")
            return s; // quoted
        if (s == "true" || s == "True")
            return true;
        if (s == "false" || s == "False")
            return false;
        if (s == "null" || s == "~" || s == "None")
            return nullptr;
        try {
            size_t used = 0;
            const long long i = std::stoll(s, &used);
            if (used == s.size())
                return i;
            const double d = std::stod(s, &used);
            if (used == s.size())
                return d;
        } catch (const std::exception&) {
        }
        return s;
    }
    default:
        return nullptr;
    }
}

json readDocument(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f)
        throw IoError(path, "cannot open");
    std::stringstream text;
    text << f.rdbuf();
    const bool yaml = path.size() > 5 && (path.ends_with(".yaml") || path.ends_with(".yml"));
    try {
        if (yaml)
            return yamlToJson(YAML::Load(text.str()));
        return json::parse(text.str());
    } catch (const YAML::Exception& e) {
        throw PipelineError(path, std::string("not valid YAML: ") + e.what());
    } catch (const json::exception& e) {
        throw PipelineError(path, std::string("not valid JSON: ") + e.what());
    }
}

struct ConvertArgs {
    std::string from, to, input, output;
    bool skipUnknown = false;
};

int runConvert(const ConvertArgs& a, const ReadLimits& limits) {
    std::string text;
    if (a.from == "albumentations") {
        const AlbumentationsImport imported =
            importAlbumentations(readDocument(a.input), a.input, a.skipUnknown);
        for (const auto& w : imported.warnings)
            printError("warning: " + a.input + ": " + w + ": left out");
        // Loading checks the result as any pipeline file is checked.
        text = pipelineFromJson(imported.pipeline, limits).toJson().dump(2) + "\n";
    } else {
        const json pipeline = loadPipeline(a.input, limits).toJson();
        const json albu = exportAlbumentations(pipeline, a.input);
        text = a.to == "python" ? albumentationsPython(albu) : albu.dump(2) + "\n";
    }
    writeFileAtomically(a.output, text);
    return 0;
}

} // namespace

void addConvertCommand(CLI::App& app, Runner& run, const ReadLimits& limits) {
    auto* cmd = app.add_subcommand(
        "convert", "Convert pipeline files of other tools (Albumentations JSON or YAML)");
    auto a = std::make_shared<ConvertArgs>();
    auto* from =
        cmd->add_option("--from", a->from, "albumentations: IN is its to_dict()/save() file")
            ->check(CLI::IsMember({"albumentations"}));
    auto* to = cmd->add_option("--to", a->to,
                               "albumentations (to_dict() JSON) or python (a runnable file)")
                   ->check(CLI::IsMember({"albumentations", "python"}));
    from->excludes(to);
    cmd->add_option("IN", a->input, "the file to convert")->required();
    cmd->add_option("OUT", a->output, "the file to write")->required();
    cmd->add_flag("--skip-unknown", a->skipUnknown,
                  "leave out transforms without an equivalent (a warning each)");
    cmd->callback([&run, a, &limits] {
        if (a->from.empty() && a->to.empty())
            throw CLI::ValidationError("convert",
                                       "give --from albumentations or --to albumentations|python");
        run = [a, &limits] { return runConvert(*a, limits); };
    });
}

} // namespace augstudio::cli
