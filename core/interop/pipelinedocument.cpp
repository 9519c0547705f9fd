#include "core/interop/pipelinedocument.h"

#include "core/util/error.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace augstudio::core {

using json = nlohmann::json;

namespace {

// YAML as Albumentations' save(..., data_format="yaml") writes it, as the same JSON value.
json yamlToJson(const YAML::Node& n) {
    switch (n.Type()) {
    case YAML::NodeType::Sequence: {
        json a = json::array();
        for (const auto& e : n)
            a.push_back(yamlToJson(e));
        return a;
    }
    case YAML::NodeType::Map: {
        json o = json::object();
        for (const auto& kv : n)
            o[kv.first.as<std::string>()] = yamlToJson(kv.second);
        return o;
    }
    case YAML::NodeType::Scalar: {
        const std::string s = n.Scalar();
        if (n.Tag() == "!" || n.Tag() == "tag:yaml.org,2002:str")
            return s; // quoted
        if (s == "true" || s == "True")
            return true;
        if (s == "false" || s == "False")
            return false;
        if (s == "null" || s == "~" || s == "None")
            return nullptr;
        try {
            size_t used = 0;
            const long long i = std::stoll(s, &used);
            if (used == s.size())
                return i;
            const double d = std::stod(s, &used);
            if (used == s.size())
                return d;
        } catch (const std::exception&) {
        }
        return s;
    }
    default:
        return nullptr;
    }
}

} // namespace

json readPipelineDocument(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f)
        throw IoError(path, "cannot open");
    std::stringstream text;
    text << f.rdbuf();
    const bool yaml = path.size() > 5 && (path.ends_with(".yaml") || path.ends_with(".yml"));
    try {
        if (yaml)
            return yamlToJson(YAML::Load(text.str()));
        return json::parse(text.str());
    } catch (const YAML::Exception& e) {
        throw PipelineError(path, std::string("not valid YAML: ") + e.what());
    } catch (const json::exception& e) {
        throw PipelineError(path, std::string("not valid JSON: ") + e.what());
    }
}

} // namespace augstudio::core
