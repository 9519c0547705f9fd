#pragma once

#include "core/sample/sample.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace augstudio::core {

// 64-bit fingerprints that stay close (few differing bits) when content is close, so near
// duplicates are pairs within a small Hamming distance.

// The DCT perceptual hash (pHash) of OpenCV's img_hash module, of the image as 8-bit.
uint64_t imagePerceptualHash(const cv::Mat& image);
// A coarse spectrogram: 4 time segments x 16 log-spaced bands of the mono mix, one bit per
// cell set when its energy is above the median cell (and within 40 dB of the loudest), so
// level and small noise do not matter.
uint64_t audioFingerprint(const AudioSample& audio);
// Lower case (ASCII), punctuation dropped, runs of white space made one space, trimmed:
// texts differing only in case, spacing or punctuation normalise to the same string.
std::string normaliseText(std::string_view text);
// An exact-content hash of decoded values (series: the matrix bytes; text: the bytes).
uint64_t sampleContentHash(const Sample& sample);

int hammingDistance(uint64_t a, uint64_t b);

} // namespace augstudio::core
