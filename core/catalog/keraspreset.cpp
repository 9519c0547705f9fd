#include "core/catalog/presets.h"

#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace augstudio::core {

namespace {

using json = nlohmann::json;

const char* const kArguments[] = {"rotation_range",
                                  "width_shift_range",
                                  "height_shift_range",
                                  "shear_range",
                                  "zoom_range",
                                  "channel_shift_range",
                                  "brightness_range",
                                  "fill_mode",
                                  "cval",
                                  "horizontal_flip",
                                  "vertical_flip",
                                  "rescale",
                                  "featurewise_center",
                                  "featurewise_std_normalization"};

[[noreturn]] void refuse(const std::string& name, const std::string& expected) {
    throw PipelineError(name, "expected " + expected);
}

double nonNegative(const json& v, const std::string& name, const std::string& unit,
                   double max = INFINITY) {
    if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > max)
        refuse(name,
               "a non-negative number" + unit +
                   (std::isfinite(max) ? " up to " + std::to_string(int(max)) : std::string()));
    return v.get<double>();
}

bool flag(const json& v, const std::string& name) {
    if (!v.is_boolean())
        refuse(name, "true or false");
    return v.get<bool>();
}

// One axis of a Keras shift: the values it can take with their probabilities, and whether
// they are pixels or fractions of the extent (Keras: fractions when every value is < 1).
struct Shift {
    bool pixels = false;
    bool discrete = false;                // from a list: only these values
    double range = 0;                     // continuous: uniform in [-range, range]
    std::map<double, double> probability; // discrete: value -> probability
};

Shift readShift(const json& v, const std::string& name) {
    Shift s;
    if (v.is_number_integer()) {
        // Keras: np.random.choice(n) * (+-1): whole pixels in (-n, n).
        const int64_t n = v.get<int64_t>();
        if (n < 0)
            refuse(name, "a non-negative number or a list of numbers");
        s.pixels = n >= 1;
        s.range = n >= 1 ? double(n - 1) : 0.0;
        return s;
    }
    if (v.is_number()) {
        const double r = nonNegative(v, name, "");
        s.pixels = r >= 1.0;
        s.range = r;
        return s;
    }
    if (!v.is_array() || v.empty())
        refuse(name, "a non-negative number or a list of numbers");
    // Keras: a random element of the list times a random sign.
    double largest = 0;
    for (const auto& e : v) {
        if (!e.is_number())
            refuse(name, "a non-negative number or a list of numbers");
        largest = std::max(largest, std::abs(e.get<double>()));
    }
    s.pixels = largest >= 1.0;
    s.discrete = true;
    const double share = 0.5 / double(v.size());
    for (const auto& e : v)
        for (double sign : {-1.0, 1.0}) {
            double value = sign * e.get<double>();
            if (s.pixels)
                value = std::round(value);                    // the affine shifts by whole pixels
            s.probability[value == 0 ? 0.0 : value] += share; // one key for +0 and -0
        }
    return s;
}

// [-r, r], or exactly 0 (no "-0" in the document).
json symmetric(double r) {
    return r == 0 ? json(0) : json::array({-r, r});
}

// The affine's translate parameters for one axis ("x" or "y") with one value or the range.
void putShift(json& params, const std::string& axis, const Shift& s, const double* value) {
    const std::string fraction = "translate_" + axis, pixels = "translate_px_" + axis;
    params[fraction] = 0;
    params[pixels] = 0;
    if (value) {
        params[s.pixels ? pixels : fraction] = *value;
        return;
    }
    if (s.pixels) {
        params[pixels] = symmetric(std::floor(s.range));
    } else {
        params[fraction] = symmetric(s.range);
    }
}

} // namespace

json kerasPreset(const json& kwargs) {
    if (!kwargs.is_object())
        throw PipelineError("keras", "expected a JSON object of ImageDataGenerator keyword "
                                     "arguments");
    const std::set<std::string> known(std::begin(kArguments), std::end(kArguments));
    for (const auto& [key, v] : kwargs.items())
        if (!known.count(key)) {
            std::string list;
            for (const char* a : kArguments)
                list += (list.empty() ? "" : ", ") + std::string(a);
            throw PipelineError(
                key, "unsupported ImageDataGenerator argument (the preset takes: " + list + ")");
        }
    auto get = [&](const char* name, json def) {
        return kwargs.contains(name) ? kwargs[name] : def;
    };

    // Geometry: one affine step (Keras builds one matrix from all of these).
    const double rotation =
        nonNegative(get("rotation_range", 0), "rotation_range", " of degrees", 180);
    const Shift wx = readShift(get("width_shift_range", 0), "width_shift_range");
    const Shift hy = readShift(get("height_shift_range", 0), "height_shift_range");
    const double shear = nonNegative(get("shear_range", 0), "shear_range", " of degrees", 80);
    double zoomLo = 1, zoomHi = 1;
    if (const json z = get("zoom_range", 0); z.is_number()) {
        const double r = nonNegative(z, "zoom_range", "", 0.9);
        zoomLo = 1 - r;
        zoomHi = 1 + r;
    } else if (z.is_array() && z.size() == 2 && z[0].is_number() && z[1].is_number() &&
               z[0].get<double>() > 0 && z[0].get<double>() <= z[1].get<double>()) {
        zoomLo = z[0].get<double>();
        zoomHi = z[1].get<double>();
    } else {
        refuse("zoom_range", "a number in [0, 0.9] or [lo, hi] with 0 < lo <= hi");
    }
    if (1.0 / zoomHi < 0.05 || 1.0 / zoomLo > 10)
        refuse("zoom_range", "zoom factors within [0.1, 20]");
    const std::string fillMode = [&] {
        const json f = get("fill_mode", "nearest");
        if (!f.is_string())
            refuse("fill_mode", "one of constant, nearest, reflect, wrap");
        const std::string s = f.get<std::string>();
        if (s == "constant" || s == "reflect" || s == "wrap")
            return s;
        if (s == "nearest")
            return std::string("replicate");
        refuse("fill_mode", "one of constant, nearest, reflect, wrap (got '" + s + "')");
    }();
    const json cval = get("cval", 0.0);
    if (!cval.is_number() || cval.get<double>() < 0 || cval.get<double>() > 65535)
        refuse("cval", "a number within [0, 65535]");

    json steps = json::array();
    const bool geometry = rotation > 0 || wx.range > 0 || wx.discrete || hy.range > 0 ||
                          hy.discrete || shear > 0 || zoomLo != 1 || zoomHi != 1;
    if (geometry) {
        // image.keras_affine composes, shears and draws zx, zy as Keras does.
        json base = {{"rotate", symmetric(rotation)}, {"shear", symmetric(shear)},
                     {"zoom", {zoomLo, zoomHi}},      {"interpolation", "linear"},
                     {"border_mode", fillMode},       {"fill", cval.get<double>()}};
        if (!wx.discrete && !hy.discrete) {
            putShift(base, "x", wx, nullptr);
            putShift(base, "y", hy, nullptr);
            steps.push_back({{"transform", "image.keras_affine"}, {"p", 1.0}, {"params", base}});
        } else {
            // A list picks one of its values: one affine per combination, weighted.
            auto options = [](const Shift& s) {
                std::vector<std::pair<const double*, double>> out;
                if (!s.discrete)
                    out.push_back({nullptr, 1.0});
                for (const auto& [value, p] : s.probability)
                    out.push_back({&value, p});
                return out;
            };
            const auto xs = options(wx), ys = options(hy);
            if (xs.size() * ys.size() > 256)
                refuse(xs.size() > ys.size() ? "width_shift_range" : "height_shift_range",
                       "shift lists giving at most 256 combinations");
            json group = json::array(), weights = json::array();
            for (const auto& [xv, xp] : xs)
                for (const auto& [yv, yp] : ys) {
                    json params = base;
                    putShift(params, "x", wx, xv);
                    putShift(params, "y", hy, yv);
                    group.push_back(
                        {{"transform", "image.keras_affine"}, {"p", 1.0}, {"params", params}});
                    weights.push_back(xp * yp);
                }
            steps.push_back({{"one_of", group}, {"weights", weights}, {"p", 1.0}});
        }
    }

    const double channelShift =
        nonNegative(get("channel_shift_range", 0), "channel_shift_range", "", 255);
    if (channelShift > 0)
        steps.push_back({{"transform", "image.channel_shift"},
                         {"p", 1.0},
                         {"params", {{"intensity", symmetric(channelShift)}}}});
    if (flag(get("horizontal_flip", false), "horizontal_flip"))
        steps.push_back({{"transform", "image.hflip"}, {"p", 0.5}});
    if (flag(get("vertical_flip", false), "vertical_flip"))
        steps.push_back({{"transform", "image.vflip"}, {"p", 0.5}});
    if (const json b = get("brightness_range", nullptr); !b.is_null()) {
        if (!b.is_array() || b.size() != 2 || !b[0].is_number() || !b[1].is_number() ||
            b[0].get<double>() < 0 || b[0].get<double>() > b[1].get<double>() ||
            b[1].get<double>() > 10)
            refuse("brightness_range", "[lo, hi] with 0 <= lo <= hi <= 10");
        steps.push_back(
            {{"transform", "image.color_jitter"},
             {"p", 1.0},
             {"params",
              {{"brightness", b}, {"contrast", 1.0}, {"saturation", 1.0}, {"hue", 0.0}}}});
    }
    if (const json r = get("rescale", nullptr); !r.is_null()) {
        if (!r.is_number() || r.get<double>() < 0)
            refuse("rescale", "a positive number or null");
        // Keras skips a rescale of 0 (None and 0 are both "no rescale").
        if (r.get<double>() > 0)
            steps.push_back(
                {{"transform", "image.normalize"},
                 {"p", 1.0},
                 {"params",
                  {{"mean", {0.0}}, {"std", {1.0}}, {"max_pixel_value", 1.0 / r.get<double>()}}}});
    }

    json doc = {{"version", 1},
                {"modality", "image"},
                {"name", "Keras ImageDataGenerator"},
                {"description", "built from " + kwargs.dump()},
                {"steps", steps}};
    const bool center = flag(get("featurewise_center", false), "featurewise_center");
    const bool normalization =
        flag(get("featurewise_std_normalization", false), "featurewise_std_normalization");
    if (kwargs.contains("featurewise_center") || kwargs.contains("featurewise_std_normalization"))
        doc["featurewise"] = {{"center", center}, {"std_normalization", normalization}};
    return doc;
}

} // namespace augstudio::core
