#pragma once

// Paths named by data (annotation entries, table rows, symlinks) are resolved here and used
// only while they stay inside a root: the one check for reading a dataset (its root) and for
// writing an export (its output folder).

#include <filesystem>
#include <optional>
#include <vector>

namespace augstudio::core {

class ConfinedRoot {
public:
    // The reason given for an entry that leaves the root.
    static constexpr const char* kLeavesDataset = "path leaves the dataset";

    // `followExternalLinks`: symlinks whose target lies outside are allowed (an opt-in);
    // absolute entries and ".." climbing out are refused regardless.
    explicit ConfinedRoot(const std::filesystem::path& root, bool followExternalLinks = false);

    const std::filesystem::path& root() const { return root_; } // absolute, lexically normal

    // The path `entry` names relative to `base` (an absolute folder; the root when empty),
    // lexically normal; nullopt when `entry` is absolute or the path leaves the root.
    std::optional<std::filesystem::path> resolve(const std::filesystem::path& entry,
                                                 const std::filesystem::path& base = {}) const;
    // True when the absolute `path` lies inside the root both as written and, unless external
    // links are allowed, once its symlinks are resolved.
    bool contains(const std::filesystem::path& path) const;
    // The first of `bases` under which `entry` is a regular file inside the root (empty when
    // none). `left` tells whether `entry` leads outside from some base: those places are not
    // looked at, and a caller reports the entry as leaving the dataset when nothing is found.
    std::filesystem::path locateFile(const std::filesystem::path& entry,
                                     const std::vector<std::filesystem::path>& bases,
                                     bool& left) const;

private:
    std::filesystem::path root_, canonicalRoot_;
    bool followExternalLinks_ = false;
};

} // namespace augstudio::core
