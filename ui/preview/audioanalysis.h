#pragma once

#include "core/sample/sample.h"

#include <vector>

namespace augstudio::ui {

// What the audio views draw, computed once per render on the worker (Sonic Visualiser
// style): a min/max summary per pixel-sized bucket and a log-magnitude spectrogram, so a
// repaint never walks every sample.
struct AudioAnalysis {
    int sampleRate = 0;
    int64_t frames = 0;
    double bucketSeconds = 0;          // time covered by one summary bucket
    std::vector<float> minima, maxima; // first channel, one pair per bucket
    int spectrogramColumns = 0;        // time frames
    int spectrogramRows = 0;           // frequency bins, 0 Hz first
    double hopSeconds = 0;
    std::vector<float> spectrogramDb; // column-major: [column * rows + row]
    double durationSeconds() const { return sampleRate > 0 ? double(frames) / sampleRate : 0.0; }
};

AudioAnalysis analyseAudio(const core::AudioSample& audio, int buckets = 2000, int fftSize = 512);

} // namespace augstudio::ui
