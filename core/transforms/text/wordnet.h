#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace augstudio::core {

// WordNet 3.0 synonyms and antonyms, read from the database files of Debian's wordnet-base
// (data.noun/verb/adj/adv and the *.exc exception lists). Loaded once per folder and shared
// read-only by every transform, so lookups from any number of threads need no lock.
class WordNet {
public:
    // AUGSTUDIO_WORDNET_DIR when set, else /usr/share/wordnet.
    static std::filesystem::path defaultDirectory();
    // The shared database of `dir`, loaded on first use (thread-safe). Throws Error naming
    // the missing or unreadable file.
    static std::shared_ptr<const WordNet>
    shared(const std::filesystem::path& dir = defaultDirectory());
    // Loads without sharing (the benchmark times this).
    static std::unique_ptr<WordNet> load(const std::filesystem::path& dir);

    // Synonyms of `word` (any case) over every part of speech: the lemmas of every synset
    // of the word or of its base forms (exception lists, then WordNet's suffix rules), with
    // spaces for underscores, the word and its base forms excluded, each once, in a fixed
    // order. Appends to `out` (cleared first).
    void synonyms(std::string_view word, std::vector<std::string_view>& out) const;
    bool hasSynonyms(std::string_view word) const;
    // Direct antonyms of `word` (any case) over every part of speech: WordNet's lexical
    // antonym pointers ('!') from the word or its base forms, each once, in a fixed order.
    void antonyms(std::string_view word, std::vector<std::string_view>& out) const;

    size_t lemmaCount() const { return lemmas_.size(); }
    size_t synsetCount() const { return synStart_.size() - 1; }

private:
    WordNet() = default;
    enum Pos { Noun, Verb, Adj, Adv, PosCount };
    struct Lemma {
        uint32_t keyAt = 0;
        uint16_t keyLen = 0;
        uint8_t posMask = 0;
    };
    struct Occurrence {
        uint32_t lemma;
        uint32_t displayAt; // kSameAsKey, or where its other-cased form starts in displays_
    };
    static constexpr uint32_t kSameAsKey = 0xFFFFFFFF;
    static constexpr uint32_t kNone = 0xFFFFFFFF;

    void parseData(const std::string& bytes, Pos pos, const std::filesystem::path& file);
    void parseExceptions(const std::string& bytes, Pos pos);
    uint32_t intern(std::string_view key);
    uint32_t find(std::string_view key) const;
    void rehash(size_t size);
    void buildIndex();
    void resolveAntonyms();
    // Collects the synsets of `form` in `pos`; returns the lemma id or kNone.
    template <class F> void forEachBaseForm(std::string_view lower, F&& f) const;
    std::string_view display(const Occurrence& o) const;

    std::string keys_; // lower-case lemmas, spaces for underscores
    std::string displays_;
    std::vector<Lemma> lemmas_;
    std::vector<uint32_t> table_; // open addressing: lemma id + 1, 0 is empty
    std::vector<uint32_t> synStart_{0};
    std::vector<Occurrence> occ_;
    std::vector<uint32_t> lemmaSynStart_;
    std::vector<uint32_t> lemmaSyn_; // synset ids, ascending
    uint32_t posBegin_[PosCount + 1] = {};
    std::unordered_map<std::string, std::vector<std::string>> exceptions_[PosCount];
    struct AntonymLink { // as read, before the target synset is known
        uint32_t fromOccurrence, targetPos, targetOffset, targetWord;
    };
    std::vector<uint32_t> synOffset_; // byte offset of each synset in its data file
    std::vector<AntonymLink> antonymLinks_;
    std::vector<std::pair<uint32_t, uint32_t>> antonyms_; // (occurrence, antonym occurrence)
};

} // namespace augstudio::core
