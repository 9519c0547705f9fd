#pragma once

// File helpers shared by the export and reliability tests: read and write whole files, read
// a manifest.jsonl, and snapshot an output folder for byte-for-byte comparison.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace augstudio::testfiles {

inline std::string readText(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void writeText(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

// One JSON value per line of a manifest.jsonl.
inline std::vector<nlohmann::json> manifest(const std::filesystem::path& file) {
    std::vector<nlohmann::json> out;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);)
        out.push_back(nlohmann::json::parse(line));
    return out;
}

// Every file under root by relative path, with summary.json's run time and output path
// removed (they differ between otherwise identical runs).
inline std::map<std::string, std::string> tree(const std::filesystem::path& root) {
    std::map<std::string, std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root))
        if (e.is_regular_file()) {
            const std::string rel = e.path().lexically_relative(root).generic_string();
            std::string text = readText(e.path());
            if (rel == "summary.json") {
                nlohmann::json j = nlohmann::json::parse(text);
                j.erase("time_s");
                j.erase("output");
                text = j.dump();
            }
            out[rel] = text;
        }
    return out;
}

} // namespace augstudio::testfiles
