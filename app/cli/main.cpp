#include "app/cli/commands.h"

#include "core/util/error.h"
#include "core/util/readlimits.h"

#include <iostream>

int main(int argc, char** argv) {
    using namespace augstudio;
    CLI::App app{"augstudio-cli: headless data augmentation (Augmentation Studio " AUGSTUDIO_VERSION
                 ")"};
    app.require_subcommand(1);
    app.set_version_flag("--version", AUGSTUDIO_VERSION);
    core::ReadLimits limits; // the defaults, raised or lowered by the options below
    app.add_option("--max-megapixels", limits.maxMegapixels,
                   "refuse images larger than this, before decoding (default 100)")
        ->check(CLI::PositiveNumber);
    app.add_option("--max-audio-seconds", limits.maxAudioSeconds,
                   "refuse audio longer than this (default 3600)")
        ->check(CLI::PositiveNumber);
    app.add_option("--max-series-values", limits.maxSeriesValues,
                   "refuse series tables holding more values (default 50,000,000)")
        ->check(CLI::PositiveNumber);
    app.fallthrough(); // the limits may follow the subcommand too
    cli::Runner run;
    cli::addTransformsCommand(app, run);
    cli::addApplyCommand(app, run, limits);
    cli::addBenchCommand(app, run, limits);
    cli::addPresetCommand(app, run);
    cli::addScanCommand(app, run, limits);
    cli::addExportCommand(app, run, limits);
    cli::addHealthCommand(app, run, limits);
    cli::addStrengthCommand(app, run, limits);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    }
    try {
        return run ? run() : 2;
    } catch (const core::Error& e) {
        cli::printError(cli::messageWithFlags(e));
        return 1;
    } catch (const std::exception& e) {
        cli::printError(e.what());
        return 1;
    }
}
