#include "app/cli/commands.h"

#include "core/util/error.h"

namespace augstudio::cli {

// scan and export arrive with the datasets issue (issue 4); until then they say so.
void addScanCommand(CLI::App& app, Runner& run) {
    auto* cmd = app.add_subcommand("scan", "Scan a dataset: layout, classes, counts, bad files");
    cmd->allow_extras();
    cmd->callback([&run] {
        run = [] {
            printError("scan: not built yet");
            return 1;
        };
    });
}

void addExportCommand(CLI::App& app, Runner& run) {
    auto* cmd = app.add_subcommand("export", "Export an augmented copy of a dataset");
    cmd->allow_extras();
    cmd->callback([&run] {
        run = [] {
            printError("export: not built yet");
            return 1;
        };
    });
}

} // namespace augstudio::cli
