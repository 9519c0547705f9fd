#pragma once

#include "core/util/readlimits.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace augstudio::core {
class Error;
}

namespace augstudio::cli {

// Each subcommand registers itself on the app and sets `run` to its body when chosen.
// The body returns the exit code (0 ok, 1 bad input); errors it throws are printed by main.
// `limits` are main's --max-* options, filled by the time a body runs; commands pass them
// to what they read (the run context of their pipeline, the scan, the export).
using Runner = std::function<int()>;

void addTransformsCommand(CLI::App& app, Runner& run);
void addApplyCommand(CLI::App& app, Runner& run, const core::ReadLimits& limits);
void addBenchCommand(CLI::App& app, Runner& run, const core::ReadLimits& limits);
void addPresetCommand(CLI::App& app, Runner& run);
void addScanCommand(CLI::App& app, Runner& run, const core::ReadLimits& limits);
void addExportCommand(CLI::App& app, Runner& run, const core::ReadLimits& limits);
void addHealthCommand(CLI::App& app, Runner& run, const core::ReadLimits& limits);
void addStrengthCommand(CLI::App& app, Runner& run, const core::ReadLimits& limits);

// An engine error as the CLI prints it: the fields of options and limits the engine names
// ("shard", "the overwrite option", "the maxAudioSeconds limit") become this CLI's flags.
std::string messageWithFlags(const core::Error& error);

// "augstudio-cli: <what>" on stderr.
void printError(const std::string& what);

} // namespace augstudio::cli
