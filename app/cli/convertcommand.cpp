#include "app/cli/commands.h"

#include "core/catalog/builtin.h"
#include "core/interop/albumentations.h"
#include "core/interop/pipelinedocument.h"
#include "core/util/atomicwrite.h"
#include "core/util/error.h"

#include <iostream>

namespace augstudio::cli {

using namespace augstudio::core;
using json = nlohmann::json;

namespace {

struct ConvertArgs {
    std::string from, to, input, output;
    bool skipUnknown = false;
};

int runConvert(const ConvertArgs& a, const ReadLimits& limits) {
    std::string text;
    if (a.from == "albumentations") {
        const AlbumentationsImport imported =
            importAlbumentations(readPipelineDocument(a.input), a.input, a.skipUnknown);
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
