#include "app/cli/commands.h"

#include "core/catalog/presets.h"
#include "core/util/error.h"

#include <iostream>

namespace augstudio::cli {

using namespace augstudio::core;

void addPresetCommand(CLI::App& app, Runner& run) {
    auto* cmd = app.add_subcommand("preset", "Print a pipeline built from a preset");
    cmd->require_subcommand(1);

    auto* keras = cmd->add_subcommand("keras", "From Keras ImageDataGenerator keyword arguments");
    auto kwargs = std::make_shared<std::string>();
    keras
        ->add_option("KWARGS", *kwargs,
                     "the keyword arguments, as in Python (rotation_range=20, "
                     "horizontal_flip=True) or a JSON object")
        ->required();
    keras->callback([&run, kwargs] {
        run = [kwargs] {
            const nlohmann::json args = parseKerasArguments(*kwargs);
            std::cout << kerasPreset(args).dump(2) << '\n';
            return 0;
        };
    });

    auto* eda = cmd->add_subcommand("eda", "EDA's recommendation for a training-set size");
    auto size = std::make_shared<int64_t>(0);
    eda->add_option("--size", *size, "number of training sentences")
        ->required()
        ->check(CLI::PositiveNumber);
    eda->callback([&run, size] {
        run = [size] {
            std::cout << edaPreset(*size).dump(2) << '\n';
            return 0;
        };
    });

    auto* randaugment =
        cmd->add_subcommand("randaugment", "RandAugment: n ops at magnitude m (torchvision)");
    auto raArgs = std::make_shared<std::string>();
    randaugment->add_option("JSON_ARGS", *raArgs,
                            "{\"n\": ops applied, \"m\": magnitude 0-30}; default "
                            "{\"n\": 2, \"m\": 9}");
    randaugment->callback([&run, raArgs] {
        run = [raArgs] {
            nlohmann::json args = nlohmann::json::object();
            if (!raArgs->empty()) {
                try {
                    args = nlohmann::json::parse(*raArgs);
                } catch (const nlohmann::json::exception& e) {
                    throw PipelineError("JSON_ARGS", std::string("not valid JSON: ") + e.what());
                }
            }
            std::cout << randAugmentPreset(args).dump(2) << '\n';
            return 0;
        };
    });

    auto* specaugment = cmd->add_subcommand(
        "specaugment", "A SpecAugment policy (Park et al. 2019) on the waveform");
    auto policy = std::make_shared<std::string>();
    specaugment->add_option("--policy", *policy, "LB, LD, SM or SS")->required();
    specaugment->callback([&run, policy] {
        run = [policy] {
            std::cout << specAugmentPreset(*policy).dump(2) << '\n';
            return 0;
        };
    });

    for (const char* strength : {"light", "medium", "heavy"}) {
        auto* sub = cmd->add_subcommand(strength, std::string("A ") + strength + " pipeline");
        auto modality = std::make_shared<std::string>("image");
        sub->add_option("--modality", *modality, "image, audio, series or text")
            ->check(CLI::IsMember({"image", "audio", "series", "text"}));
        const std::string name = strength;
        sub->callback([&run, modality, name] {
            run = [modality, name] {
                std::cout << strengthPreset(modalityFromName(*modality), name).dump(2) << '\n';
                return 0;
            };
        });
    }
}

} // namespace augstudio::cli
