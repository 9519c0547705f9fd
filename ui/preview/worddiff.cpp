#include "ui/preview/worddiff.h"

#include <QRegularExpression>

namespace augstudio::ui {

int WordDiff::changedCount() const {
    return int(std::count(removed.begin(), removed.end(), true) +
               std::count(added.begin(), added.end(), true));
}

WordDiff diffWords(const QString& before, const QString& after) {
    static const QRegularExpression space(QStringLiteral("\\s+"));
    WordDiff d;
    d.before = before.split(space, Qt::SkipEmptyParts);
    d.after = after.split(space, Qt::SkipEmptyParts);
    const size_t n = size_t(d.before.size()), m = size_t(d.after.size());
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            lcs[i][j] = d.before[qsizetype(i)] == d.after[qsizetype(j)]
                            ? lcs[i + 1][j + 1] + 1
                            : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    d.removed.assign(n, true);
    d.added.assign(m, true);
    size_t i = 0, j = 0;
    while (i < n && j < m) {
        if (d.before[qsizetype(i)] == d.after[qsizetype(j)]) {
            d.removed[i++] = false;
            d.added[j++] = false;
        } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
            ++i;
        } else {
            ++j;
        }
    }
    return d;
}

QString highlightedHtml(const QStringList& words, const std::vector<bool>& changed,
                        const QString& colour) {
    QStringList parts;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString w = words[i].toHtmlEscaped();
        parts << (changed[size_t(i)]
                      ? QStringLiteral("<span style=\"background:%1;\">%2</span>").arg(colour, w)
                      : w);
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace augstudio::ui
