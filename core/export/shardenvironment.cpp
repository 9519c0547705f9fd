#include "core/export/shardenvironment.h"

#include "core/util/error.h"

#include <charconv>
#include <cstdlib>

namespace augstudio::core {

namespace {

using Lookup = std::function<std::optional<std::string>(const std::string&)>;

// The variable as a non-negative integer, or nothing when unset; malformed is an error.
std::optional<long> shardVariable(const Lookup& lookup, const std::string& name) {
    const auto text = lookup(name);
    if (!text || text->empty())
        return std::nullopt;
    long value = 0;
    const char* end = text->data() + text->size();
    const auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (ec != std::errc() || ptr != end || value < 0)
        throw OptionError("shard",
                          "auto: " + name + " is '" + *text + "', expected a non-negative integer");
    return value;
}

} // namespace

ShardAssignment shardFromEnvironment(const Lookup& lookup, std::optional<int> shards) {
    if (shards && *shards < 1)
        throw OptionError("shards", "expected a positive number of shards");
    if (const auto id = shardVariable(lookup, "SLURM_ARRAY_TASK_ID")) {
        const long min = shardVariable(lookup, "SLURM_ARRAY_TASK_MIN").value_or(0);
        const long step = shardVariable(lookup, "SLURM_ARRAY_TASK_STEP").value_or(1);
        if (step < 1)
            throw OptionError("shard", "auto: SLURM_ARRAY_TASK_STEP is 0");
        std::optional<long> count = shardVariable(lookup, "SLURM_ARRAY_TASK_COUNT");
        if (const auto max = shardVariable(lookup, "SLURM_ARRAY_TASK_MAX"); !count && max)
            count = (*max - min) / step + 1;
        if (!count && shards)
            count = *shards;
        if (!count)
            throw OptionError("shard", "auto: SLURM_ARRAY_TASK_ID is set but neither "
                                       "SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX is");
        if (*id < min || (*id - min) % step != 0 || (*id - min) / step >= *count)
            throw OptionError("shard", "auto: SLURM_ARRAY_TASK_ID " + std::to_string(*id) +
                                           " is not one of the array's " + std::to_string(*count) +
                                           " tasks");
        if (shards && *shards != *count)
            throw OptionError("shards", std::to_string(*shards) +
                                            " shards given, but the Slurm "
                                            "job array has " +
                                            std::to_string(*count) + " tasks");
        return {int((*id - min) / step), int(*count), "Slurm job array"};
    }
    if (const auto index = shardVariable(lookup, "JOB_COMPLETION_INDEX")) {
        if (!shards)
            throw OptionError("shards", "auto in a Kubernetes indexed Job (JOB_COMPLETION_INDEX "
                                        "is set): give the Job's completions as --shards N");
        if (*index >= *shards)
            throw OptionError("shard", "auto: JOB_COMPLETION_INDEX " + std::to_string(*index) +
                                           " is not below --shards " + std::to_string(*shards));
        return {int(*index), *shards, "Kubernetes indexed Job"};
    }
    throw OptionError("shard", "auto: neither a Slurm job array (SLURM_ARRAY_TASK_ID) nor a "
                               "Kubernetes indexed Job (JOB_COMPLETION_INDEX) started this "
                               "process; give the shard as i/N");
}

ShardAssignment shardFromProcessEnvironment(std::optional<int> shards) {
    return shardFromEnvironment(
        [](const std::string& name) -> std::optional<std::string> {
            const char* v = std::getenv(name.c_str());
            if (!v)
                return std::nullopt;
            return std::string(v);
        },
        shards);
}

} // namespace augstudio::core
