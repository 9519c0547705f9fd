// The audio sample loops against the plain scalar code they replace: the same bits where
// the rewrite is exact (quantise, filter cascades, extrema, percentiles), within one float
// ulp where a libm function became a polynomial (tanh, powers), and the normal generator's
// moments and tails.
#include "core/pipeline/registry.h"
#include "core/transforms/audio/audiocatalog.h"
#include "core/transforms/audio/dsp.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

using namespace augstudio::core;
using json = nlohmann::json;

namespace {

// How many floats lie between a and b (0: the same value).
int64_t ulpDistance(float a, float b) {
    auto key = [](float x) {
        int32_t i;
        std::memcpy(&i, &x, sizeof i);
        return i < 0 ? int64_t(INT32_MIN) - i : int64_t(i);
    };
    return std::abs(key(a) - key(b));
}

bool sameBits(float a, float b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
}

// Samples over many magnitudes with both signs, plus the awkward values.
std::vector<float> testValues(size_t n, uint64_t seed) {
    Rng rng(seed);
    std::vector<float> v;
    for (size_t i = 0; i < n; ++i)
        v.push_back(float((rng.bernoulli(0.5) ? 1 : -1) * std::pow(10.0, rng.uniform(-9, 1.5))));
    for (float x : {0.0f, -0.0f, 0.5f, -0.5f, 1.5f, -2.5f, 1.0f, 0.49999997f, 8388607.5f,
                    8388608.0f, 1e30f, -1e30f, std::numeric_limits<float>::infinity(),
                    -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::min()})
        v.push_back(x);
    return v;
}

// The biquad pass as it was: one section at a time over the whole channel.
void filterOneSectionAtATime(std::vector<float>& x, const std::vector<dsp::Biquad>& cascade) {
    for (const dsp::Biquad& b : cascade) {
        double z1 = 0, z2 = 0;
        for (float& v : x) {
            const double in = v;
            const double y = b.b0 * in + z1;
            z1 = b.b1 * in - b.a1 * y + z2;
            z2 = b.b2 * in - b.a2 * y;
            v = float(y);
        }
    }
}

// numpy's linear percentile through a full sort.
double sortedPercentile(std::vector<float> v, double q) {
    std::sort(v.begin(), v.end());
    const double pos = q / 100 * double(v.size() - 1);
    const auto lo = size_t(pos);
    if (lo + 1 >= v.size())
        return v[lo];
    return v[lo] + (double(v[lo + 1]) - v[lo]) * (pos - double(lo));
}

AudioSample speechLike(size_t frames, uint64_t seed) {
    AudioSample s;
    s.sampleRate = 16000;
    s.channels.assign(2, std::vector<float>(frames));
    Rng rng(seed);
    for (auto& c : s.channels)
        for (size_t i = 0; i < frames; ++i)
            c[i] = float(0.3 * std::sin(0.05 * double(i)) * std::sin(0.0007 * double(i)) +
                         0.01 * rng.normal());
    return s;
}

} // namespace

class TestAudioVectorLoops : public QObject {
    Q_OBJECT
    Registry registry_;

    std::unique_ptr<Transform> make(const std::string& id) {
        const TransformInfo* info = registry_.find(id);
        if (!info)
            throw std::runtime_error("no transform " + id);
        return info->create(validateParams(info->params, json::object(), "params"), LoadContext{});
    }

private slots:
    void initTestCase() { registerAudioTransforms(registry_); }

    void quantizeMatchesDoubleRounding() {
        const std::vector<float> in = testValues(20000, 1);
        for (int bits = 1; bits <= 24; ++bits) {
            const double levels = std::ldexp(1.0, bits - 1);
            std::vector<float> out = in;
            dsp::quantize(out.data(), out.size(), float(levels));
            for (size_t i = 0; i < in.size(); ++i) {
                const auto expected = float(std::round(double(in[i]) * levels) / levels);
                QVERIFY2(sameBits(out[i], expected),
                         qPrintable(QStringLiteral("bits %1, x %2: %3 vs %4")
                                        .arg(bits)
                                        .arg(double(in[i]), 0, 'g', 9)
                                        .arg(double(out[i]), 0, 'g', 9)
                                        .arg(double(expected), 0, 'g', 9)));
            }
        }
        std::vector<float> nan = {std::numeric_limits<float>::quiet_NaN()};
        dsp::quantize(nan.data(), 1, 16);
        QVERIFY(std::isnan(nan[0]));
    }

    void tanhWithinOneUlp() {
        const std::vector<float> in = testValues(50000, 2);
        for (double gain : {1.0, 0.37, 25.0, 1e4}) {
            std::vector<float> out = in;
            dsp::tanhScaled(out.data(), out.size(), gain);
            int64_t worst = 0;
            for (size_t i = 0; i < in.size(); ++i) {
                const auto expected = float(std::tanh(gain * double(in[i])));
                worst = std::max(worst, ulpDistance(out[i], expected));
                QVERIFY(std::signbit(out[i]) == std::signbit(expected));
            }
            QVERIFY2(worst <= 1, qPrintable(QString::number(worst)));
        }
    }

    void powersWithinOneUlp() {
        for (double exponent : {-2.0, -0.5, 0.0, 0.4986, 1.0, 1.99}) {
            std::vector<float> out(100000);
            dsp::powers(out.data(), int(out.size()), exponent);
            for (size_t j = 0; j < out.size(); ++j)
                QVERIFY(ulpDistance(out[j], float(std::pow(double(j + 1), exponent))) <= 1);
        }
    }

    void reductionsMatchScalarLoops() {
        for (size_t n : {size_t(0), size_t(1), size_t(31), size_t(33), size_t(100003)}) {
            std::vector<float> x = testValues(n, 3);
            x.resize(n);
            float peak = 0, low = std::numeric_limits<float>::infinity();
            double squares = 0;
            for (float v : x) {
                peak = std::max(peak, std::abs(v));
                low = std::min(low, v);
                squares += double(v) * v;
            }
            QCOMPARE(dsp::absMax(x.data(), n), peak);
            QCOMPARE(dsp::minValue(x.data(), n), low);
            QVERIFY(std::abs(dsp::sumSquares(x.data(), n) - squares) <= 1e-12 * squares);
        }
    }

    void interleavedCascadeIsBitExact() {
        // Up to eight sections: one to four run interleaved, then the rest in a second pass.
        std::vector<dsp::Biquad> cascade;
        for (int k = 0; k < 8; ++k) {
            cascade.push_back(
                dsp::designBiquad(k % 2 ? dsp::BiquadKind::LowPass : dsp::BiquadKind::Peaking,
                                  16000, 300.0 * (k + 1), 0.7 + 0.3 * k, 6));
            std::vector<float> expected = speechLike(20000, 4).channels[0];
            std::vector<float> got = expected;
            filterOneSectionAtATime(expected, cascade);
            dsp::filter(got, cascade);
            QVERIFY(std::memcmp(got.data(), expected.data(), got.size() * sizeof(float)) == 0);
        }
    }

    void clippingPercentilesAreExact() {
        const auto t = make("audio.clipping_distortion");
        const AudioSample in = speechLike(30001, 5);
        std::vector<float> all = in.channels[0];
        all.insert(all.end(), in.channels[1].begin(), in.channels[1].end());
        for (double threshold : {0.0, 0.001, 7.5, 33.0, 100.0}) {
            Sample s = in;
            t->apply(s, {{"percentile_threshold", threshold}});
            const auto lo = float(sortedPercentile(all, threshold / 2));
            const auto hi = float(sortedPercentile(all, 100 - threshold / 2));
            const auto& out = std::get<AudioSample>(s);
            for (size_t c = 0; c < 2; ++c)
                for (size_t i = 0; i < out.channels[c].size(); ++i)
                    QVERIFY(out.channels[c][i] == std::clamp(in.channels[c][i], lo, hi));
        }
    }

    void gainTransitionMatchesOnePowerPerFrame() {
        const auto t = make("audio.gain_transition");
        const AudioSample in = speechLike(40000, 6);
        const Values v = {
            {"start_gain_db", -20.0}, {"end_gain_db", 5.0}, {"start_s", 0.3}, {"duration_s", 1.7}};
        Sample s = in;
        t->apply(s, v);
        const auto& out = std::get<AudioSample>(s);
        const int64_t start = 4800, span = 27200;
        for (size_t i = 0; i < in.channels[0].size(); ++i) {
            const double f = std::clamp(double(int64_t(i) - start) / double(span), 0.0, 1.0);
            const auto g = float(std::pow(10.0, (-20.0 + 25.0 * f) / 20));
            const float expected = in.channels[1][i] * g;
            QVERIFY(std::abs(out.channels[1][i] - expected) <= 1e-6f * std::abs(expected));
        }
    }

    void normalValuesHaveNormalMoments() {
        Rng rng(7);
        std::vector<float> z(1 << 20);
        dsp::fillNormal(rng, z.data(), z.size());
        double m1 = 0, m2 = 0, m4 = 0;
        size_t beyond3 = 0, beyond4 = 0;
        for (float x : z) {
            m1 += x;
            m2 += double(x) * x;
            m4 += double(x) * x * x * x;
            beyond3 += std::abs(x) > 3;
            beyond4 += std::abs(x) > 4;
        }
        const double n = double(z.size());
        QVERIFY(std::abs(m1 / n) < 0.005);
        QVERIFY(std::abs(m2 / n - 1) < 0.005);
        QVERIFY(std::abs(m4 / n - 3) < 0.05);
        // P(|z| > 3) = 0.0027, P(|z| > 4) = 6.3e-5: the tail layer is drawn correctly.
        QVERIFY(std::abs(double(beyond3) / n - 0.0027) < 0.0003);
        QVERIFY(std::abs(double(beyond4) / n - 6.33e-5) < 2.5e-5);
    }
};

QTEST_GUILESS_MAIN(TestAudioVectorLoops)
#include "tst_audio_vectorloops.moc"
