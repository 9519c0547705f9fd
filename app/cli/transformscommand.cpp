#include "app/cli/commands.h"

#include "core/catalog/builtin.h"
#include "core/catalog/catalogdocs.h"
#include "core/pipeline/registry.h"

#include <iomanip>
#include <iostream>
#include <optional>

namespace augstudio::cli {

using namespace augstudio::core;

void printError(const std::string& what) {
    std::cerr << "augstudio-cli: " << what << '\n';
}

void addTransformsCommand(CLI::App& app, Runner& run) {
    auto* cmd = app.add_subcommand("transforms", "List the transform catalog with every parameter");
    auto modality = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    auto markdown = std::make_shared<bool>(false);
    auto schema = std::make_shared<bool>(false);
    cmd->add_option("--modality", *modality, "image, audio, series or text")
        ->check(CLI::IsMember({"image", "audio", "series", "text"}));
    auto* jsonFlag = cmd->add_flag("--json", *json, "machine-readable output");
    auto* markdownFlag =
        cmd->add_flag("--markdown", *markdown, "the transform reference (docs/transforms.md)");
    auto* schemaFlag = cmd->add_flag("--schema", *schema,
                                     "the pipeline file's JSON Schema (docs/pipeline.schema.json)");
    jsonFlag->excludes(markdownFlag)->excludes(schemaFlag);
    markdownFlag->excludes(schemaFlag);
    cmd->callback([&run, modality, json, markdown, schema] {
        run = [modality, json, markdown, schema] {
            if (*markdown) {
                std::cout << transformReferenceMarkdown(builtinRegistry());
                return 0;
            }
            if (*schema) {
                std::cout << pipelineJsonSchema(builtinRegistry()).dump(2) << '\n';
                return 0;
            }
            std::optional<Modality> m;
            if (!modality->empty())
                m = modalityFromName(*modality);
            const auto entries = builtinRegistry().list(m);
            if (*json) {
                nlohmann::json arr = nlohmann::json::array();
                for (const auto* e : entries)
                    arr.push_back(e->toJson());
                std::cout << arr.dump(2) << '\n';
                return 0;
            }
            for (const auto* e : entries) {
                std::cout << e->id << "  (" << e->kind << ", p " << e->defaultP << ")  "
                          << e->summary << '\n';
                for (const auto& p : e->params) {
                    const auto j = p.toJson();
                    std::cout << "    " << std::left << std::setw(22) << p.name << std::setw(10)
                              << paramTypeName(p.type) << "default " << p.defaultValue.dump();
                    if (p.bounded())
                        std::cout << "  in [" << p.min << ", " << p.max << "]";
                    if (!p.unit.empty())
                        std::cout << " " << p.unit;
                    if (!p.choices.empty())
                        std::cout << "  " << j["choices"].dump();
                    std::cout << "  " << p.help << '\n';
                }
            }
            return 0;
        };
    });
}

} // namespace augstudio::cli
