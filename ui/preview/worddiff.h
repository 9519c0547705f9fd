#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace augstudio::ui {

// A word-level diff (longest common subsequence): which words of each text are not part of
// the common sequence, i.e. removed from the original or new in the augmented text.
struct WordDiff {
    QStringList before, after;
    std::vector<bool> removed; // per word of `before`
    std::vector<bool> added;   // per word of `after`
    int changedCount() const;
};

WordDiff diffWords(const QString& before, const QString& after);
// HTML of the words with the changed ones highlighted in `colour`.
QString highlightedHtml(const QStringList& words, const std::vector<bool>& changed,
                        const QString& colour);

} // namespace augstudio::ui
