#pragma once
// Precompiled once per engine library: the heavy headers most engine files include
// (nlohmann::json alone costs about 2 s per file to parse). Files still include what they
// use; this only makes the build faster.
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>
