#include "core/util/confinedroot.h"

namespace augstudio::core {

namespace fs = std::filesystem;

namespace {

// Both paths absolute and lexically normal.
bool lexicallyInside(const fs::path& path, const fs::path& root) {
    const fs::path rel = path.lexically_relative(root);
    return !rel.empty() && *rel.begin() != "..";
}

} // namespace

ConfinedRoot::ConfinedRoot(const fs::path& root, bool followExternalLinks)
    : root_(fs::absolute(root).lexically_normal()), followExternalLinks_(followExternalLinks) {
    std::error_code ec;
    canonicalRoot_ = fs::weakly_canonical(root_, ec);
    if (ec)
        canonicalRoot_ = root_;
    // "a/b/" normalises with a trailing empty element that lexically_relative would keep.
    if (!root_.has_filename() && root_.has_parent_path() && root_ != root_.root_path())
        root_ = root_.parent_path();
    if (!canonicalRoot_.has_filename() && canonicalRoot_ != canonicalRoot_.root_path())
        canonicalRoot_ = canonicalRoot_.parent_path();
}

std::optional<fs::path> ConfinedRoot::resolve(const fs::path& entry, const fs::path& base) const {
    if (entry.empty() || entry.has_root_name() || entry.has_root_directory())
        return std::nullopt;
    const fs::path path = ((base.empty() ? root_ : base) / entry).lexically_normal();
    if (!contains(path))
        return std::nullopt;
    return path;
}

bool ConfinedRoot::contains(const fs::path& path) const {
    const fs::path lexical = fs::absolute(path).lexically_normal();
    if (!lexicallyInside(lexical, root_))
        return false;
    if (followExternalLinks_)
        return true;
    std::error_code ec;
    const fs::path resolved = fs::weakly_canonical(lexical, ec);
    return !ec && lexicallyInside(resolved, canonicalRoot_);
}

fs::path ConfinedRoot::locateFile(const fs::path& entry, const std::vector<fs::path>& bases,
                                  bool& left) const {
    left = entry.empty() || entry.has_root_name() || entry.has_root_directory();
    if (left)
        return {};
    for (const auto& base : bases) {
        const fs::path candidate = (base / entry).lexically_normal();
        if (!lexicallyInside(candidate, root_)) {
            left = true;
            continue;
        }
        // Links are resolved only for a file that is there (most candidates are not).
        std::error_code ec;
        if (!fs::is_regular_file(candidate, ec))
            continue;
        if (contains(candidate))
            return candidate;
        left = true;
    }
    return {};
}

} // namespace augstudio::core
