#include "core/dataset/yolo.h"
#include "core/util/error.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace augstudio::core::yolo {

namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::string unquote(std::string s) {
    s = trim(s);
    if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front())
        return s.substr(1, s.size() - 2);
    return s;
}

std::string stripComment(const std::string& line) {
    char quote = 0;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '#' && (i == 0 || std::isspace(static_cast<unsigned char>(line[i - 1])))) {
            return line.substr(0, i);
        }
    }
    return line;
}

std::vector<std::string> splitFlow(const std::string& inner) {
    std::vector<std::string> out;
    std::string cur;
    char quote = 0;
    for (char c : inner) {
        if (quote) {
            if (c == quote)
                quote = 0;
            cur += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            cur += c;
        } else if (c == ',') {
            out.push_back(unquote(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!trim(cur).empty())
        out.push_back(unquote(cur));
    return out;
}

// Class ids above this are refused: a gap before an id is filled with placeholder names, so
// the id bounds what one line of data.yaml may make the parser allocate.
constexpr long kMaxClassId = 99999;

long classIdAt(const std::string& entry, const std::string& source, size_t lineNo) {
    const long id = std::strtol(entry.c_str(), nullptr, 10);
    if (id > kMaxClassId)
        throw IoError(source + ":" + std::to_string(lineNo),
                      "names: class id " + entry.substr(0, entry.find(':')) +
                          " is above the largest supported id (" + std::to_string(kMaxClassId) +
                          ")");
    return id;
}

std::vector<std::string> parseNamesOf(const std::string& text, const std::string& source) {
    std::istringstream in(text);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(stripComment(line));
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (line.rfind("names:", 0) != 0)
            continue;
        std::string rest = trim(line.substr(6));
        if (!rest.empty() && rest.front() == '[') {
            // A flow list may continue over several lines.
            for (size_t j = i + 1; rest.find(']') == std::string::npos && j < lines.size(); ++j) {
                rest += ' ';
                rest += trim(lines[j]);
            }
            const auto close = rest.rfind(']');
            return splitFlow(
                rest.substr(1, close == std::string::npos ? std::string::npos : close - 1));
        }
        if (!rest.empty() && rest.front() == '{') {
            std::vector<std::pair<long, std::string>> entries;
            const auto close = rest.rfind('}');
            for (const std::string& kv : splitFlow(rest.substr(1, close - 1))) {
                const auto colon = kv.find(':');
                if (colon != std::string::npos)
                    entries.emplace_back(classIdAt(trim(kv), source, i + 1),
                                         unquote(kv.substr(colon + 1)));
            }
            std::sort(entries.begin(), entries.end());
            std::vector<std::string> out;
            for (auto& e : entries)
                out.push_back(e.second);
            return out;
        }
        // Block form: indented "- name" or "<id>: name" lines.
        std::vector<std::pair<long, std::string>> entries;
        std::vector<std::string> listed;
        for (size_t j = i + 1; j < lines.size(); ++j) {
            const std::string& l = lines[j];
            if (trim(l).empty())
                continue;
            if (!std::isspace(static_cast<unsigned char>(l[0])) && l[0] != '-')
                break;
            const std::string t = trim(l);
            if (t.rfind("- ", 0) == 0 || t == "-") {
                listed.push_back(unquote(t.substr(1)));
            } else if (const auto colon = t.find(':'); colon != std::string::npos) {
                entries.emplace_back(classIdAt(t, source, j + 1), unquote(t.substr(colon + 1)));
            }
        }
        if (!listed.empty())
            return listed;
        std::sort(entries.begin(), entries.end());
        std::vector<std::string> out;
        for (auto& e : entries) {
            // Keep ids as positions: a gap gets a placeholder name.
            while (long(out.size()) < e.first)
                out.push_back(std::to_string(out.size()));
            out.push_back(e.second);
        }
        return out;
    }
    return {};
}

} // namespace

std::vector<std::string> parseNames(const std::string& text, const std::string& source) {
    return parseNamesOf(text, source);
}

std::vector<SplitPath> parseSplitPaths(const std::string& text) {
    std::istringstream in(text);
    std::vector<SplitPath> out;
    int64_t lineNo = 0;
    for (std::string raw; std::getline(in, raw);) {
        ++lineNo;
        const std::string line = stripComment(raw);
        if (line.empty() || std::isspace(static_cast<unsigned char>(line[0])))
            continue; // only top-level keys
        const auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        const std::string key = trim(line.substr(0, colon));
        if (key != "train" && key != "val" && key != "test")
            continue;
        const std::string rest = trim(line.substr(colon + 1));
        std::vector<std::string> values;
        if (!rest.empty() && rest.front() == '[')
            values = splitFlow(rest.substr(1, rest.rfind(']') - 1));
        else if (!rest.empty())
            values.push_back(unquote(rest));
        for (auto& v : values)
            if (!v.empty())
                out.push_back({key, std::move(v), lineNo});
    }
    return out;
}

std::string readText(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return {};
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> readNames(const std::filesystem::path& dataYaml) {
    std::ifstream in(dataYaml, std::ios::binary);
    if (!in)
        return {};
    std::ostringstream s;
    s << in.rdbuf();
    return parseNamesOf(s.str(), dataYaml.string());
}

std::vector<BoundingBox> readLabels(const std::filesystem::path& file, const std::string& rel,
                                    int width, int height, int classCount,
                                    std::vector<BadFile>& bad) {
    std::vector<BoundingBox> boxes;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        bad.push_back({rel, 0, "cannot open label file"});
        return boxes;
    }
    int64_t lineNo = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNo;
        if (trim(line).empty())
            continue;
        std::istringstream fields(line);
        std::vector<std::string> f;
        for (std::string x; fields >> x;)
            f.push_back(x);
        // Segment labels (class x1 y1 x2 y2 ...) are not boxes: report them like other shapes.
        if (f.size() != 5) {
            bad.push_back({rel, lineNo,
                           "expected 5 fields (class cx cy w h), got " + std::to_string(f.size()) +
                               "; line skipped"});
            continue;
        }
        double v[5];
        bool numeric = true;
        for (int k = 0; k < 5 && numeric; ++k) {
            char* end = nullptr;
            v[k] = std::strtod(f[size_t(k)].c_str(), &end);
            numeric = end && *end == '\0' && std::isfinite(v[k]);
        }
        if (!numeric || v[0] != std::floor(v[0]) || v[0] < 0) {
            bad.push_back({rel, lineNo, "not a class id and four numbers; line skipped"});
            continue;
        }
        if (v[0] > double(kMaxClassId)) { // also keeps the conversion to int defined
            bad.push_back({rel, lineNo,
                           "class id above the largest supported id (" +
                               std::to_string(kMaxClassId) + "); line skipped"});
            continue;
        }
        const int cls = int(v[0]);
        if (classCount > 0 && cls >= classCount) {
            bad.push_back({rel, lineNo,
                           "class id " + std::to_string(cls) + " outside the " +
                               std::to_string(classCount) + " names of data.yaml; line skipped"});
            continue;
        }
        double x1 = v[1] - v[3] / 2, y1 = v[2] - v[4] / 2, x2 = v[1] + v[3] / 2,
               y2 = v[2] + v[4] / 2;
        if (x1 < 0 || y1 < 0 || x2 > 1 || y2 > 1 || v[3] < 0 || v[4] < 0) {
            x1 = std::clamp(x1, 0.0, 1.0);
            y1 = std::clamp(y1, 0.0, 1.0);
            x2 = std::clamp(x2, 0.0, 1.0);
            y2 = std::clamp(y2, 0.0, 1.0);
            if (x2 <= x1 || y2 <= y1) {
                bad.push_back({rel, lineNo, "box entirely outside the image; line skipped"});
                continue;
            }
            bad.push_back({rel, lineNo, "coordinates outside [0, 1]; box clipped"});
        }
        boxes.push_back({x1 * width, y1 * height, x2 * width, y2 * height, cls});
    }
    return boxes;
}

std::string formatLabels(const std::vector<BoundingBox>& boxes, int width, int height) {
    std::string out;
    char buf[160];
    for (const auto& b : boxes) {
        const double w = (b.x2 - b.x1) / width, h = (b.y2 - b.y1) / height;
        const double cx = (b.x1 + b.x2) / 2 / width, cy = (b.y1 + b.y2) / 2 / height;
        std::snprintf(buf, sizeof buf, "%d %.6f %.6f %.6f %.6f\n", b.classId, cx, cy, w, h);
        out += buf;
    }
    return out;
}

std::filesystem::path labelPathFor(const std::filesystem::path& imageRel) {
    std::vector<std::filesystem::path> parts(imageRel.begin(), imageRel.end());
    for (size_t i = parts.size(); i-- > 1;)
        if (parts[i - 1] == "images") {
            parts[i - 1] = "labels";
            break;
        }
    std::filesystem::path out;
    for (const auto& p : parts)
        out /= p;
    return out.replace_extension(".txt");
}

} // namespace augstudio::core::yolo
