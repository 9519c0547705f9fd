#include "app/cli/commands.h"

#include "core/util/error.h"

#include <utility>

namespace augstudio::cli {

namespace {

// Core names the fields of its options and limits; the CLI speaks of its flags.
const std::pair<const char*, const char*> kFieldFlags[] = {
    {"shard", "--shard"},
    {"shards", "--shards"},
    {"format", "--format"},
    {"overwrite", "--overwrite"},
    {"balanceWith", "--balance-with"},
    {"followExternalLinks", "--follow-external-links"},
    {"maxMegapixels", "--max-megapixels"},
    {"maxAudioSeconds", "--max-audio-seconds"},
    {"maxSeriesValues", "--max-series-values"},
};

void replaceAll(std::string& text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

} // namespace

std::string messageWithFlags(const core::Error& error) {
    std::string where = error.where(), reason = error.reason();
    for (const auto& [field, flag] : kFieldFlags) {
        if (dynamic_cast<const core::OptionError*>(&error) && where == field)
            where = flag;
        replaceAll(reason, std::string("the ") + field + " option", flag);
        replaceAll(reason, std::string("the ") + field + " limit", flag);
    }
    return where.empty() ? reason : where + ": " + reason;
}

} // namespace augstudio::cli
