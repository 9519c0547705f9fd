#include "core/catalog/catalogdocs.h"

#include "core/pipeline/pipeline.h"

#include <sstream>

namespace augstudio::core {

using json = nlohmann::json;

namespace {

constexpr Modality kDocModalities[] = {Modality::Image, Modality::Audio, Modality::Series,
                                       Modality::Text};

// A table cell: pipes and line breaks would end the cell or the row.
std::string cell(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '|')
            out += "\\|";
        else if (c == '\n')
            out += ' ';
        else
            out += c;
    }
    return out;
}

std::string number(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

std::string boundsText(const ParamSpec& p) {
    if (!p.choices.empty()) {
        std::string s;
        for (const auto& c : p.choices)
            s += (s.empty() ? "" : ", ") + ("`" + c + "`");
        return s;
    }
    if (p.bounded())
        return "[" + number(p.min) + ", " + number(p.max) + "]";
    if (std::isfinite(p.min))
        return ">= " + number(p.min);
    if (std::isfinite(p.max))
        return "<= " + number(p.max);
    return "";
}

// The schema of one number within the parameter's bounds (integer or not).
json boundedNumber(const ParamSpec& p, bool integer) {
    json s = {{"type", integer ? "integer" : "number"}};
    if (std::isfinite(p.min))
        s["minimum"] = p.min;
    if (std::isfinite(p.max))
        s["maximum"] = p.max;
    return s;
}

json paramSchema(const ParamSpec& p) {
    json s;
    switch (p.type) {
    case ParamType::Float:
        s = boundedNumber(p, false);
        break;
    case ParamType::Int:
        s = boundedNumber(p, true);
        break;
    case ParamType::Bool:
        s = {{"type", "boolean"}};
        break;
    case ParamType::Enum:
        s = {{"type", "string"}, {"enum", p.choices}};
        break;
    case ParamType::Range:
    case ParamType::IntRange: {
        const json one = boundedNumber(p, p.type == ParamType::IntRange);
        s = {{"oneOf",
              {one, {{"type", "array"}, {"items", one}, {"minItems", 2}, {"maxItems", 2}}}}};
        break;
    }
    case ParamType::String:
    case ParamType::Path:
        s = {{"type", "string"}};
        break;
    case ParamType::FloatList:
        s = {{"type", "array"},
             {"items", boundedNumber(p, false)},
             {"minItems", p.defaultValue.empty() ? 0 : 1}};
        break;
    }
    s["description"] = p.help;
    s["default"] = p.defaultValue;
    return s;
}

json probability() {
    return {{"type", "number"}, {"minimum", 0}, {"maximum", 1}};
}

json group(const char* key, json extra) {
    json properties = {{key, {{"type", "array"}, {"items", {{"$ref", "#/definitions/step"}}}}},
                       {"p", {{"$ref", "#/definitions/probability"}}},
                       {"enabled", {{"type", "boolean"}}}};
    for (auto& [k, v] : extra.items())
        properties[k] = v;
    return {{"type", "object"},
            {"required", {key}},
            {"properties", properties},
            {"additionalProperties", false}};
}

} // namespace

std::string transformReferenceMarkdown(const Registry& registry) {
    std::ostringstream md;
    md << "# Transform reference\n\n"
          "Generated from the built-in catalog by `augstudio-cli transforms --markdown`; do not "
          "edit by hand.\nRegenerate with `bash scripts/gendocs` after adding or changing a "
          "transform.\n\n"
          "Each transform is a step of a pipeline file (see pipeline.md): "
          "`{\"transform\": ID, \"p\": P, \"params\": {...}}`.\nA range parameter takes "
          "`[lo, hi]` (drawn uniformly) or one number (exactly that value); an omitted "
          "parameter takes its default.\n";
    for (Modality m : kDocModalities) {
        const auto entries = registry.list(m);
        if (entries.empty())
            continue;
        std::string title = modalityName(m);
        title[0] = char(std::toupper(static_cast<unsigned char>(title[0])));
        md << "\n## " << title << " (" << entries.size() << " transforms)\n\n";
        for (const auto* e : entries)
            md << "- [`" << e->id << "`](#" <<
                [&] {
                    std::string anchor;
                    for (char c : e->id)
                        if (c != '.')
                            anchor += c;
                    return anchor;
                }()
               << "): " << e->summary << '\n';
        for (const auto* e : entries) {
            md << "\n### " << e->id << "\n\n"
               << e->summary << ". Kind: " << e->kind << "; default p: " << number(e->defaultP)
               << ".\n";
            if (e->params.empty()) {
                md << "\nNo parameters.\n";
                continue;
            }
            md << "\n| parameter | type | default | allowed | unit | meaning |\n"
                  "|---|---|---|---|---|---|\n";
            for (const auto& p : e->params)
                md << "| `" << p.name << "` | " << paramTypeName(p.type) << " | `"
                   << cell(p.defaultValue.dump()) << "` | " << cell(boundsText(p)) << " | "
                   << cell(p.unit) << " | " << cell(p.help) << " |\n";
        }
    }
    return md.str();
}

json pipelineJsonSchema(const Registry& registry) {
    json ids = json::array(), params = json::object(), conditions = json::array();
    for (const auto* e : registry.list()) {
        ids.push_back(e->id);
        json properties = json::object();
        for (const auto& p : e->params)
            properties[p.name] = paramSchema(p);
        params[e->id] = {{"type", "object"},
                         {"description", e->summary},
                         {"properties", properties},
                         {"additionalProperties", false}};
        conditions.push_back(
            {{"if", {{"properties", {{"transform", {{"const", e->id}}}}}}},
             {"then",
              {{"properties", {{"params", {{"$ref", "#/definitions/params/" + e->id}}}}}}}});
    }
    json modalities = json::array();
    for (Modality m : kDocModalities)
        modalities.push_back(modalityName(m));
    const json transformStep = {{"type", "object"},
                                {"required", {"transform"}},
                                {"properties",
                                 {{"transform", {{"type", "string"}, {"enum", ids}}},
                                  {"p", {{"$ref", "#/definitions/probability"}}},
                                  {"enabled", {{"type", "boolean"}}},
                                  {"params", {{"type", "object"}}}}},
                                {"additionalProperties", false},
                                {"allOf", conditions}};
    const json intPair = {{"type", "array"},
                          {"items", {{"type", "integer"}, {"minimum", 0}}},
                          {"minItems", 2},
                          {"maxItems", 2}};
    return {{"$schema", "http://json-schema.org/draft-07/schema#"},
            {"title", "Augmentation Studio pipeline file (*.augpipe.json)"},
            {"description", "Generated from the built-in catalog by augstudio-cli transforms "
                            "--schema; regenerate with bash scripts/gendocs."},
            {"type", "object"},
            {"required", {"version", "modality", "steps"}},
            {"properties",
             {{"version", {{"type", "integer"}, {"minimum", 1}, {"maximum", Pipeline::kVersion}}},
              {"modality", {{"type", "string"}, {"enum", modalities}}},
              {"seed", {{"type", "integer"}, {"minimum", 0}}},
              {"min_visibility", probability()},
              {"featurewise",
               {{"type", "object"},
                {"properties",
                 {{"center", {{"type", "boolean"}}}, {"std_normalization", {{"type", "boolean"}}}}},
                {"additionalProperties", false}}},
              {"name", json::object()},
              {"description", json::object()},
              // Fused execution (true) or step by step: the same draws either way.
              {"fuse", {{"type", "boolean"}}},
              {"steps", {{"type", "array"}, {"items", {{"$ref", "#/definitions/step"}}}}}}},
            {"additionalProperties", false},
            {"definitions",
             {{"probability", probability()},
              {"step",
               {{"oneOf",
                 {{{"$ref", "#/definitions/transform_step"}},
                  {{"$ref", "#/definitions/one_of"}},
                  {{"$ref", "#/definitions/some_of"}},
                  {{"$ref", "#/definitions/sequence"}}}}}},
              {"transform_step", transformStep},
              {"one_of", group("one_of", {{"weights",
                                           {{"type", "array"},
                                            {"items", {{"type", "number"}, {"minimum", 0}}}}}})},
              {"some_of",
               group("some_of",
                     {{"n", {{"oneOf", {{{"type", "integer"}, {"minimum", 0}}, intPair}}}}})},
              {"sequence", group("sequence", json::object())},
              {"params", params}}}};
}

} // namespace augstudio::core
