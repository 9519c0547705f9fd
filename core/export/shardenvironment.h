#pragma once

// `--shard auto`: which shard this process is, from the scheduler that started it. A Slurm
// job array sets SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT (or _MIN, _MAX and _STEP);
// a Kubernetes indexed Job sets JOB_COMPLETION_INDEX and leaves the count to the caller
// (the Job's completions, `--shards N`).

#include <functional>
#include <optional>
#include <string>

namespace augstudio::core {

struct ShardAssignment {
    int index = 0, count = 1;
    std::string source; // "Slurm job array" or "Kubernetes indexed Job"
};

// Reads variables through `lookup` (getenv in the CLI; a table in tests). `shards` is the
// count given by the user: required for Kubernetes, checked against Slurm's when given.
// Throws OptionError("shard", reason) when neither scheduler's variables are set, or they
// are malformed or disagree.
ShardAssignment
shardFromEnvironment(const std::function<std::optional<std::string>(const std::string&)>& lookup,
                     std::optional<int> shards = {});

// The same with the process environment.
ShardAssignment shardFromProcessEnvironment(std::optional<int> shards = {});

} // namespace augstudio::core
