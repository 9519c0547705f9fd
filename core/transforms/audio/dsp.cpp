#include "core/transforms/audio/dsp.h"

#include "core/random/ziggurat.h"
#include "core/util/error.h"

#include <opencv2/core.hpp>
#include <soxr.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numeric>
#include <stdexcept>
#include <string>

namespace augstudio::core::dsp {

namespace {
constexpr double kPi = 3.14159265358979323846;
} // namespace

Biquad designBiquad(BiquadKind kind, double fs, double f0, double q, double gainDb) {
    f0 = std::clamp(f0, 1e-3 * fs, 0.499 * fs);
    q = std::max(q, 1e-3);
    const double w0 = 2 * kPi * f0 / fs;
    const double cw = std::cos(w0), sw = std::sin(w0);
    const double alpha = sw / (2 * q);
    const double A = std::pow(10.0, gainDb / 40);
    double b0 = 1, b1 = 0, b2 = 0, a0 = 1, a1 = 0, a2 = 0;
    switch (kind) {
    case BiquadKind::LowPass:
        b0 = (1 - cw) / 2, b1 = 1 - cw, b2 = (1 - cw) / 2;
        a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
        break;
    case BiquadKind::HighPass:
        b0 = (1 + cw) / 2, b1 = -(1 + cw), b2 = (1 + cw) / 2;
        a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
        break;
    case BiquadKind::BandPass:
        b0 = alpha, b1 = 0, b2 = -alpha;
        a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
        break;
    case BiquadKind::Notch:
        b0 = 1, b1 = -2 * cw, b2 = 1;
        a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
        break;
    case BiquadKind::Peaking:
        b0 = 1 + alpha * A, b1 = -2 * cw, b2 = 1 - alpha * A;
        a0 = 1 + alpha / A, a1 = -2 * cw, a2 = 1 - alpha / A;
        break;
    case BiquadKind::LowShelf: {
        const double s = 2 * std::sqrt(A) * alpha;
        b0 = A * ((A + 1) - (A - 1) * cw + s);
        b1 = 2 * A * ((A - 1) - (A + 1) * cw);
        b2 = A * ((A + 1) - (A - 1) * cw - s);
        a0 = (A + 1) + (A - 1) * cw + s;
        a1 = -2 * ((A - 1) + (A + 1) * cw);
        a2 = (A + 1) + (A - 1) * cw - s;
        break;
    }
    case BiquadKind::HighShelf: {
        const double s = 2 * std::sqrt(A) * alpha;
        b0 = A * ((A + 1) + (A - 1) * cw + s);
        b1 = -2 * A * ((A - 1) + (A + 1) * cw);
        b2 = A * ((A + 1) + (A - 1) * cw - s);
        a0 = (A + 1) - (A - 1) * cw + s;
        a1 = 2 * ((A - 1) - (A + 1) * cw);
        a2 = (A + 1) - (A - 1) * cw - s;
        break;
    }
    }
    return {b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0};
}

std::vector<Biquad> butterworth(BiquadKind kind, double fs, double f0, int sections) {
    std::vector<Biquad> out;
    const int order = 2 * std::max(1, sections);
    for (int k = 1; k <= order / 2; ++k) {
        const double theta = (2 * k - 1) * kPi / (2 * order);
        out.push_back(designBiquad(kind, fs, f0, 1 / (2 * std::cos(theta))));
    }
    return out;
}

namespace {

// K sections per sample, each exactly as one pass of its own would compute it.
template <int K> void filterSections(float* x, size_t n, const Biquad* sections) {
    double b0[K], b1[K], b2[K], a1[K], a2[K], z1[K] = {}, z2[K] = {};
    for (int k = 0; k < K; ++k) {
        b0[k] = sections[k].b0, b1[k] = sections[k].b1, b2[k] = sections[k].b2;
        a1[k] = sections[k].a1, a2[k] = sections[k].a2;
    }
    for (size_t i = 0; i < n; ++i) {
        float v = x[i];
        for (int k = 0; k < K; ++k) {
            const double in = v;
            const double y = b0[k] * in + z1[k];
            z1[k] = b1[k] * in - a1[k] * y + z2[k];
            z2[k] = b2[k] * in - a2[k] * y;
            v = float(y);
        }
        x[i] = v;
    }
}

} // namespace

void filter(std::vector<float>& x, const std::vector<Biquad>& cascade) {
    for (size_t k = 0; k < cascade.size(); k += 4) {
        const Biquad* b = cascade.data() + k;
        switch (std::min<size_t>(4, cascade.size() - k)) {
        case 1:
            filterSections<1>(x.data(), x.size(), b);
            break;
        case 2:
            filterSections<2>(x.data(), x.size(), b);
            break;
        case 3:
            filterSections<3>(x.data(), x.size(), b);
            break;
        default:
            filterSections<4>(x.data(), x.size(), b);
            break;
        }
    }
}

double responseDb(const std::vector<Biquad>& cascade, double fs, double f) {
    const std::complex<double> z1 = std::polar(1.0, -2 * kPi * f / fs);
    const std::complex<double> z2 = z1 * z1;
    double db = 0;
    for (const Biquad& b : cascade) {
        const auto h = (b.b0 + b.b1 * z1 + b.b2 * z2) / (1.0 + b.a1 * z1 + b.a2 * z2);
        db += 20 * std::log10(std::max(std::abs(h), 1e-300));
    }
    return db;
}

std::vector<float> convolve(const std::vector<float>& x, const std::vector<float>& h) {
    if (x.empty() || h.empty())
        return {};
    const size_t n = x.size(), m = h.size();
    std::vector<float> y(n + m - 1, 0.0f);
    if (m <= 64 || n <= 64) {
        const auto& a = n >= m ? x : h;
        const auto& k = n >= m ? h : x;
        for (size_t j = 0; j < k.size(); ++j) {
            const float w = k[j];
            float* out = y.data() + j;
            for (size_t i = 0; i < a.size(); ++i)
                out[i] += w * a[i];
        }
        return y;
    }
    // Overlap-add: blocks of `block` input samples, one transform size for all of them.
    const size_t block = std::min(n, std::max<size_t>(m, size_t(1) << 15));
    const int size = cv::getOptimalDFTSize(int(block + m - 1));
    cv::Mat hk = cv::Mat::zeros(1, size, CV_64F), H;
    for (size_t j = 0; j < m; ++j)
        hk.at<double>(int(j)) = h[j];
    cv::dft(hk, H);
    cv::Mat xb(1, size, CV_64F), X, Y, yb;
    for (size_t start = 0; start < n; start += block) {
        const size_t len = std::min(block, n - start);
        xb.setTo(0);
        for (size_t i = 0; i < len; ++i)
            xb.at<double>(int(i)) = x[start + i];
        cv::dft(xb, X);
        cv::mulSpectrums(X, H, Y, 0);
        cv::idft(Y, yb, cv::DFT_SCALE | cv::DFT_REAL_OUTPUT);
        const size_t outLen = std::min(len + m - 1, y.size() - start);
        const double* r = yb.ptr<double>();
        for (size_t i = 0; i < outLen; ++i)
            y[start + i] += float(r[i]);
    }
    return y;
}

Resampler::Resampler(int fromRate, int toRate) : from_(fromRate), to_(toRate) {
    if (fromRate <= 0 || toRate <= 0)
        throw std::invalid_argument("resampler: sample rates must be positive");
}

int64_t Resampler::resampledLength(int64_t frames, int fromRate, int toRate) {
    return (frames * toRate + fromRate / 2) / fromRate;
}

std::vector<float> Resampler::process(const std::vector<float>& x) const {
    std::vector<float> y(static_cast<size_t>(resampledLength(int64_t(x.size()), from_, to_)));
    if (x.empty() || y.empty())
        return y;
    // 16-bit quality, linear phase, passband to 91.3% of the lower Nyquist, stop band from
    // it; one thread, so outputs and timing do not depend on the machine's cores.
    const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_16_BITQ, 0);
    const soxr_runtime_spec_t runtime = soxr_runtime_spec(1);
    size_t written = 0;
    const soxr_error_t error = soxr_oneshot(from_, to_, 1, x.data(), x.size(), nullptr, y.data(),
                                            y.size(), &written, &io, &quality, &runtime);
    if (error)
        throw std::runtime_error(std::string("resampler: ") + error);
    // soxr may stop a frame short of the rounded length: the rest stays silent.
    std::fill(y.begin() + long(written), y.end(), 0.0f);
    return y;
}

std::shared_ptr<const Resampler> Resampler::shared(int fromRate, int toRate) {
    return std::make_shared<const Resampler>(fromRate, toRate);
}

Channels resample(const Channels& in, int fromRate, int toRate) {
    if (fromRate == toRate)
        return in;
    const auto r = Resampler::shared(fromRate, toRate);
    Channels out;
    out.reserve(in.size());
    for (const auto& c : in)
        out.push_back(r->process(c));
    return out;
}

int64_t drawSeed(Rng& rng) {
    return rng.integer(0, (int64_t(1) << 53) - 1);
}

double dbToAmplitude(double db) {
    return std::pow(10.0, db / 20);
}

double rms(const Channels& c) {
    double sum = 0;
    size_t count = 0;
    for (const auto& ch : c) {
        sum += sumSquares(ch.data(), ch.size());
        count += ch.size();
    }
    return count ? std::sqrt(sum / double(count)) : 0.0;
}

double peak(const Channels& c) {
    float m = 0;
    for (const auto& ch : c)
        m = std::max(m, absMax(ch.data(), ch.size()));
    return m;
}

void fillNormal(Rng& rng, float* out, size_t n) {
    const ziggurat::Table& z = ziggurat::table();
    for (size_t i = 0; i < n; ++i)
        out[i] = float(ziggurat::normal(rng, z));
}

Channels whiteNoise(uint64_t seed, size_t channels, size_t frames) {
    Rng rng(seed);
    Channels out(channels, std::vector<float>(frames));
    for (auto& ch : out)
        fillNormal(rng, ch.data(), ch.size());
    return out;
}

Channels coloredNoise(uint64_t seed, size_t channels, size_t frames, double decayDbPerOctave) {
    if (frames < 4)
        return whiteNoise(seed, channels, frames);
    // Drawn directly as a spectrum: Gaussian bins (white) shaped by the slope, one inverse
    // DFT per channel. PSD ~ f^(decay / (10 log10 2)), so amplitude ~ f^(decay / (20 log10 2)).
    const double exponent = decayDbPerOctave / (20 * std::log10(2.0));
    const int size = cv::getOptimalDFTSize(int(frames));
    const int bins = (size - 1) / 2; // complex bins between DC and Nyquist
    std::vector<float> gains(size_t(size / 2 + 1));
    gains[0] = 0; // no DC
    powers(gains.data() + 1, int(gains.size()) - 1, exponent);
    Rng rng(seed);
    Channels out(channels, std::vector<float>(frames));
    cv::Mat spectrum(1, size, CV_32F);
    for (auto& ch : out) {
        // OpenCV's packed (CCS) layout: Re0, Re1, Im1, Re2, Im2, ..., [Re(size/2) if even].
        float* p = spectrum.ptr<float>();
        fillNormal(rng, p, size_t(size));
        p[0] = 0;
        for (int k = 1; k <= bins; ++k) {
            p[2 * k - 1] *= gains[size_t(k)];
            p[2 * k] *= gains[size_t(k)];
        }
        if (size % 2 == 0)
            p[size - 1] *= gains[size_t(size / 2)];
        cv::idft(spectrum, spectrum, cv::DFT_REAL_OUTPUT); // in place: one clip-sized buffer less
        const float* r = spectrum.ptr<float>();
        const double sum = sumSquares(r, frames);
        const double norm = sum > 0 ? 1 / std::sqrt(sum / double(frames)) : 0.0;
        for (size_t i = 0; i < frames; ++i)
            ch[i] = float(r[i] * norm);
    }
    return out;
}

void mixAtSnr(Channels& signal, const Channels& noise, double snrDb) {
    if (noise.empty())
        return;
    const double s = rms(signal), n = rms(noise);
    if (s <= 0 || n <= 0)
        return;
    const double gain = s / (n * dbToAmplitude(snrDb));
    for (size_t c = 0; c < signal.size(); ++c) {
        const auto& nc = noise[c % noise.size()];
        auto& sc = signal[c];
        const size_t len = std::min(sc.size(), nc.size());
        addScaled(sc.data(), nc.data(), len, gain);
    }
}

Channels fitLength(const Channels& clip, size_t frames, size_t offset) {
    Channels out;
    for (const auto& c : clip) {
        std::vector<float> v(frames, 0.0f);
        if (!c.empty())
            for (size_t i = 0; i < frames; ++i)
                v[i] = c[(offset + i) % c.size()];
        out.push_back(std::move(v));
    }
    return out;
}

} // namespace augstudio::core::dsp
