#include "core/transforms/text/wordnet.h"

#include "core/transforms/text/tokenizedtext.h"
#include "core/util/error.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>

namespace augstudio::core {

namespace {

namespace fs = std::filesystem;

// The whole file in one read: the parsers below walk the bytes without per-line streams.
bool readWhole(const fs::path& file, std::string& out) {
    std::FILE* f = std::fopen(file.c_str(), "rb");
    if (!f)
        return false;
    std::fseek(f, 0, SEEK_END);
    const long size = std::ftell(f);
    std::fseek(f, 0, SEEK_SET);
    if (size < 0) {
        std::fclose(f);
        return false;
    }
    out.resize(size_t(size));
    const size_t got = size > 0 ? std::fread(out.data(), 1, size_t(size), f) : 0;
    std::fclose(f);
    return got == size_t(size);
}

uint64_t hashOf(std::string_view s) {
    uint64_t h = 1469598103934665603ull;
    for (char c : s)
        h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return h ^ (h >> 29);
}

const char* const kDataFiles[] = {"data.noun", "data.verb", "data.adj", "data.adv"};
const char* const kExcFiles[] = {"noun.exc", "verb.exc", "adj.exc", "adv.exc"};

struct Rule {
    std::string_view suffix, ending;
};
// WordNet's morphy detachment rules per part of speech (adverbs have none).
const std::vector<Rule> kRules[] = {
    {{"s", ""},
     {"ses", "s"},
     {"xes", "x"},
     {"zes", "z"},
     {"ches", "ch"},
     {"shes", "sh"},
     {"men", "man"},
     {"ies", "y"}},
    {{"s", ""},
     {"ies", "y"},
     {"es", "e"},
     {"es", ""},
     {"ed", "e"},
     {"ed", ""},
     {"ing", "e"},
     {"ing", ""}},
    {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}},
    {},
};

} // namespace

fs::path WordNet::defaultDirectory() {
    if (const char* env = std::getenv("AUGSTUDIO_WORDNET_DIR"); env && *env)
        return env;
    return "/usr/share/wordnet";
}

std::shared_ptr<const WordNet> WordNet::shared(const fs::path& dir) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const WordNet>> loaded;
    std::lock_guard<std::mutex> lock(mutex);
    fs::path key = dir.lexically_normal();
    if (!key.has_filename() && key.has_parent_path())
        key = key.parent_path(); // "dict/" and "dict" are one database
    auto& slot = loaded[key.string()];
    if (!slot)
        slot = load(dir); // a failure leaves the slot empty, so a later call retries
    return slot;
}

std::unique_ptr<WordNet> WordNet::load(const fs::path& dir) {
    std::unique_ptr<WordNet> wn(new WordNet());
    wn->keys_.reserve(2u << 20);
    wn->lemmas_.reserve(160000);
    wn->occ_.reserve(220000);
    wn->synStart_.reserve(120000);
    wn->rehash(1u << 19);
    std::string bytes;
    for (int pos = 0; pos < PosCount; ++pos) {
        const fs::path file = dir / kDataFiles[pos];
        std::error_code ec;
        if (!fs::is_regular_file(file, ec))
            throw Error(file.string(),
                        "WordNet data not found (install Debian's wordnet-base, "
                        "or set AUGSTUDIO_WORDNET_DIR to a WordNet 3.0 dict folder)");
        if (!readWhole(file, bytes))
            throw Error(file.string(), "cannot read the WordNet data file");
        wn->posBegin_[pos] = uint32_t(wn->synStart_.size() - 1);
        wn->parseData(bytes, Pos(pos), file);
    }
    wn->posBegin_[PosCount] = uint32_t(wn->synStart_.size() - 1);
    if (wn->synsetCount() == 0)
        throw Error((dir / kDataFiles[0]).string(), "no synsets in the WordNet data files");
    for (int pos = 0; pos < PosCount; ++pos)
        if (readWhole(dir / kExcFiles[pos], bytes)) // optional: only morphology gets weaker
            wn->parseExceptions(bytes, Pos(pos));
    wn->buildIndex();
    wn->resolveAntonyms();
    return wn;
}

void WordNet::rehash(size_t size) {
    table_.assign(size, 0);
    const size_t mask = size - 1;
    for (uint32_t id = 0; id < lemmas_.size(); ++id) {
        const Lemma& l = lemmas_[id];
        size_t h = hashOf(std::string_view(keys_).substr(l.keyAt, l.keyLen)) & mask;
        while (table_[h])
            h = (h + 1) & mask;
        table_[h] = id + 1;
    }
}

uint32_t WordNet::find(std::string_view key) const {
    const size_t mask = table_.size() - 1;
    size_t h = hashOf(key) & mask;
    while (const uint32_t slot = table_[h]) {
        const Lemma& l = lemmas_[slot - 1];
        if (l.keyLen == key.size() &&
            std::memcmp(keys_.data() + l.keyAt, key.data(), key.size()) == 0)
            return slot - 1;
        h = (h + 1) & mask;
    }
    return kNone;
}

uint32_t WordNet::intern(std::string_view key) {
    if (const uint32_t id = find(key); id != kNone)
        return id;
    if ((lemmas_.size() + 1) * 2 > table_.size())
        rehash(table_.size() * 2);
    const uint32_t id = uint32_t(lemmas_.size());
    lemmas_.push_back({uint32_t(keys_.size()), uint16_t(key.size()), 0});
    keys_.append(key);
    const size_t mask = table_.size() - 1;
    size_t h = hashOf(key) & mask;
    while (table_[h])
        h = (h + 1) & mask;
    table_[h] = id + 1;
    return id;
}

void WordNet::parseData(const std::string& bytes, Pos pos, const fs::path& file) {
    const char* p = bytes.data();
    const char* const end = p + bytes.size();
    std::string key, shown;
    size_t line = 0;
    while (p < end) {
        ++line;
        const char* eol = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p)));
        if (!eol)
            eol = end;
        const char* q = p;
        p = eol + 1;
        if (q == eol || *q == ' ') // the licence header lines start with two spaces
            continue;
        // synset_offset lex_filenum ss_type w_cnt (word lex_id){w_cnt} p_cnt ...
        auto field = [&]() -> std::string_view {
            while (q < eol && *q == ' ')
                ++q;
            const char* b = q;
            while (q < eol && *q != ' ')
                ++q;
            return {b, size_t(q - b)};
        };
        const std::string offsetText(field());
        field();
        field();
        const std::string_view count = field();
        char* stop = nullptr;
        const std::string countText(count);
        const long words = std::strtol(countText.c_str(), &stop, 16);
        if (count.empty() || *stop != '\0' || words <= 0)
            throw Error(file.string() + ":" + std::to_string(line),
                        "malformed WordNet synset line");
        for (long w = 0; w < words; ++w) {
            std::string_view lemma = field();
            field(); // lex_id
            if (lemma.empty())
                break;
            if (lemma.back() == ')') // adjective markers: (a), (p), (ip)
                if (const size_t open = lemma.rfind('('); open != std::string_view::npos)
                    lemma = lemma.substr(0, open);
            shown.assign(lemma);
            std::replace(shown.begin(), shown.end(), '_', ' ');
            key = asciiLower(shown);
            const uint32_t id = intern(key);
            lemmas_[id].posMask |= uint8_t(1u << pos);
            uint32_t displayAt = kSameAsKey;
            if (shown != key) {
                displayAt = uint32_t(displays_.size());
                displays_.append(shown);
            }
            occ_.push_back({id, displayAt});
        }
        // Pointers: p_cnt, then (symbol offset pos source/target) each; '!' is an antonym,
        // a lexical pointer from word `source` of this synset to word `target` of another.
        const uint32_t firstOcc = synStart_.back();
        synOffset_.push_back(uint32_t(std::strtoul(offsetText.c_str(), nullptr, 10)));
        const std::string pointers(field());
        const long pointerCount = std::strtol(pointers.c_str(), nullptr, 10);
        for (long k = 0; k < pointerCount; ++k) {
            const std::string_view symbol = field();
            const std::string_view target = field();
            const std::string_view targetPos = field();
            const std::string_view words = field();
            if (symbol != "!" || words.size() != 4 || targetPos.empty())
                continue;
            const std::string sourceTarget(words);
            const unsigned long st = std::strtoul(sourceTarget.c_str(), nullptr, 16);
            const uint32_t from = uint32_t(st >> 8), to = uint32_t(st & 0xFF);
            if (from == 0 || to == 0 || firstOcc + from - 1 >= occ_.size())
                continue;
            const char tp = targetPos[0];
            const Pos toPos = tp == 'n' ? Noun : tp == 'v' ? Verb : tp == 'r' ? Adv : Adj;
            antonymLinks_.push_back(
                {firstOcc + from - 1, uint32_t(toPos),
                 uint32_t(std::strtoul(std::string(target).c_str(), nullptr, 10)), to});
        }
        synStart_.push_back(uint32_t(occ_.size()));
    }
}

void WordNet::parseExceptions(const std::string& bytes, Pos pos) {
    const char* p = bytes.data();
    const char* const end = p + bytes.size();
    while (p < end) {
        const char* eol = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p)));
        if (!eol)
            eol = end;
        std::vector<std::string> fields;
        const char* q = p;
        while (q < eol) {
            while (q < eol && *q == ' ')
                ++q;
            const char* b = q;
            while (q < eol && *q != ' ')
                ++q;
            if (q > b) {
                std::string f(b, q);
                std::replace(f.begin(), f.end(), '_', ' ');
                fields.push_back(asciiLower(f));
            }
        }
        p = eol + 1;
        if (fields.size() < 2)
            continue;
        auto& bases = exceptions_[pos][fields[0]];
        bases.insert(bases.end(), fields.begin() + 1, fields.end());
    }
}

void WordNet::resolveAntonyms() {
    // Synsets of one part of speech are in ascending offset order (the offset is the line's
    // byte position): the target is found by binary search.
    for (const AntonymLink& link : antonymLinks_) {
        const auto begin = synOffset_.begin() + posBegin_[link.targetPos];
        const auto end = synOffset_.begin() + posBegin_[link.targetPos + 1];
        const auto it = std::lower_bound(begin, end, link.targetOffset);
        if (it == end || *it != link.targetOffset)
            continue;
        const auto synset = uint32_t(it - synOffset_.begin());
        const uint32_t occurrence = synStart_[synset] + link.targetWord - 1;
        if (occurrence < synStart_[synset + 1])
            antonyms_.emplace_back(link.fromOccurrence, occurrence);
    }
    std::sort(antonyms_.begin(), antonyms_.end());
    antonymLinks_.clear();
    antonymLinks_.shrink_to_fit();
}

void WordNet::antonyms(std::string_view word, std::vector<std::string_view>& out) const {
    out.clear();
    const std::string lower = asciiLower(word);
    std::vector<uint32_t> found; // lemma ids, to keep each antonym once
    forEachBaseForm(lower, [&](uint32_t id, Pos pos) {
        for (uint32_t k = lemmaSynStart_[id]; k < lemmaSynStart_[id + 1]; ++k) {
            const uint32_t s = lemmaSyn_[k];
            if (s < posBegin_[pos] || s >= posBegin_[pos + 1])
                continue;
            for (uint32_t o = synStart_[s]; o < synStart_[s + 1]; ++o) {
                if (occ_[o].lemma != id)
                    continue;
                auto it = std::lower_bound(antonyms_.begin(), antonyms_.end(),
                                           std::make_pair(o, uint32_t(0)));
                for (; it != antonyms_.end() && it->first == o; ++it) {
                    const Occurrence& target = occ_[it->second];
                    if (target.lemma == id ||
                        std::find(found.begin(), found.end(), target.lemma) != found.end())
                        continue;
                    found.push_back(target.lemma);
                    out.push_back(display(target));
                }
            }
        }
    });
}

void WordNet::buildIndex() {
    lemmaSynStart_.assign(lemmas_.size() + 1, 0);
    for (const Occurrence& o : occ_)
        ++lemmaSynStart_[o.lemma + 1];
    for (size_t i = 1; i < lemmaSynStart_.size(); ++i)
        lemmaSynStart_[i] += lemmaSynStart_[i - 1];
    lemmaSyn_.resize(occ_.size());
    std::vector<uint32_t> fill(lemmaSynStart_.begin(), lemmaSynStart_.end() - 1);
    for (uint32_t s = 0; s + 1 < synStart_.size(); ++s)
        for (uint32_t k = synStart_[s]; k < synStart_[s + 1]; ++k)
            lemmaSyn_[fill[occ_[k].lemma]++] = s;
}

template <class F> void WordNet::forEachBaseForm(std::string_view lower, F&& f) const {
    std::string form;
    for (int pos = 0; pos < PosCount; ++pos) {
        auto visit = [&](std::string_view candidate) {
            const uint32_t id = find(candidate);
            if (id != kNone && (lemmas_[id].posMask & (1u << pos)))
                f(id, Pos(pos));
        };
        visit(lower);
        const auto& exc = exceptions_[pos];
        if (!exc.empty()) {
            if (auto it = exc.find(std::string(lower)); it != exc.end()) {
                for (const auto& base : it->second)
                    visit(base);
                continue;
            }
        }
        for (const Rule& r : kRules[pos]) {
            if (lower.size() <= r.suffix.size() || !lower.ends_with(r.suffix))
                continue;
            form.assign(lower.substr(0, lower.size() - r.suffix.size()));
            form.append(r.ending);
            visit(form);
        }
    }
}

std::string_view WordNet::display(const Occurrence& o) const {
    const Lemma& l = lemmas_[o.lemma];
    if (o.displayAt == kSameAsKey)
        return std::string_view(keys_).substr(l.keyAt, l.keyLen);
    return std::string_view(displays_).substr(o.displayAt, l.keyLen);
}

void WordNet::synonyms(std::string_view word, std::vector<std::string_view>& out) const {
    out.clear();
    const std::string lower = asciiLower(word);
    // Per-thread scratch: lookups run in every draw, and reusing these saves the allocations.
    thread_local std::vector<uint32_t> excluded;
    thread_local std::vector<uint64_t> found; // (lemma << 32 | occurrence): sorting groups by lemma
    excluded.clear();
    found.clear();
    if (const uint32_t self = find(lower); self != kNone)
        excluded.push_back(self);
    forEachBaseForm(lower, [&](uint32_t id, Pos pos) {
        excluded.push_back(id);
        for (uint32_t k = lemmaSynStart_[id]; k < lemmaSynStart_[id + 1]; ++k) {
            const uint32_t s = lemmaSyn_[k];
            if (s < posBegin_[pos] || s >= posBegin_[pos + 1])
                continue;
            for (uint32_t o = synStart_[s]; o < synStart_[s + 1]; ++o)
                found.push_back(uint64_t(occ_[o].lemma) << 32 | o);
        }
    });
    if (found.empty())
        return;
    std::sort(found.begin(), found.end());
    uint32_t last = kNone;
    for (uint64_t e : found) {
        const uint32_t lemma = uint32_t(e >> 32);
        if (lemma == last)
            continue;
        last = lemma;
        if (std::find(excluded.begin(), excluded.end(), lemma) != excluded.end())
            continue;
        out.push_back(display(occ_[uint32_t(e)]));
    }
}

bool WordNet::hasSynonyms(std::string_view word) const {
    std::vector<std::string_view> out;
    synonyms(word, out);
    return !out.empty();
}

} // namespace augstudio::core
