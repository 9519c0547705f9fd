#include "ui/pipeline/rangeslider.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace augstudio::ui {

namespace {
constexpr int kHandle = 12;
}

RangeSlider::RangeSlider(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QSize RangeSlider::sizeHint() const {
    return {160, 22};
}
QSize RangeSlider::minimumSizeHint() const {
    return {60, 22};
}

void RangeSlider::setRange(int minimum, int maximum) {
    minimum_ = minimum;
    maximum_ = std::max(minimum, maximum);
    setValues(lower_, upper_);
}

void RangeSlider::setValues(int lower, int upper) {
    lower_ = std::clamp(std::min(lower, upper), minimum_, maximum_);
    upper_ = std::clamp(std::max(lower, upper), minimum_, maximum_);
    update();
}

int RangeSlider::positionOf(int value) const {
    const int span = std::max(1, maximum_ - minimum_);
    const int usable = std::max(1, width() - kHandle);
    return kHandle / 2 + int(int64_t(value - minimum_) * usable / span);
}

int RangeSlider::valueAt(int x) const {
    const int usable = std::max(1, width() - kHandle);
    const double t = double(x - kHandle / 2) / usable;
    return std::clamp(minimum_ + int(std::lround(t * (maximum_ - minimum_))), minimum_, maximum_);
}

void RangeSlider::moveHandle(int handle, int value) {
    int lo = lower_, hi = upper_;
    if (handle == 0)
        lo = std::min(value, hi);
    else
        hi = std::max(value, lo);
    if (lo == lower_ && hi == upper_)
        return;
    lower_ = lo;
    upper_ = hi;
    update();
    emit valuesChanged(lower_, upper_);
}

void RangeSlider::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const int y = height() / 2;
    const QPalette& pal = palette();
    p.setPen(Qt::NoPen);
    p.setBrush(pal.color(QPalette::Mid));
    p.drawRoundedRect(QRect(kHandle / 2, y - 2, width() - kHandle, 4), 2, 2);
    p.setBrush(isEnabled() ? pal.color(QPalette::Highlight) : pal.color(QPalette::Dark));
    p.drawRect(QRect(positionOf(lower_), y - 2, positionOf(upper_) - positionOf(lower_), 4));
    for (int h = 0; h < 2; ++h) {
        const int x = positionOf(h == 0 ? lower_ : upper_);
        p.setPen(QPen(
            pal.color(hasFocus() && focusHandle_ == h ? QPalette::Highlight : QPalette::Shadow),
            1));
        p.setBrush(pal.color(QPalette::Button));
        p.drawEllipse(QPoint(x, y), kHandle / 2, kHandle / 2);
    }
}

void RangeSlider::mousePressEvent(QMouseEvent* event) {
    const int x = int(event->position().x());
    const int dl = std::abs(x - positionOf(lower_)), du = std::abs(x - positionOf(upper_));
    // Equal distance (handles on top of each other): pick by direction of the click.
    dragging_ = dl < du ? 0 : du < dl ? 1 : (x < positionOf(lower_) ? 0 : 1);
    focusHandle_ = dragging_;
    moveHandle(dragging_, valueAt(x));
}

void RangeSlider::mouseMoveEvent(QMouseEvent* event) {
    if (dragging_ >= 0)
        moveHandle(dragging_, valueAt(int(event->position().x())));
}

void RangeSlider::mouseReleaseEvent(QMouseEvent*) {
    if (dragging_ < 0)
        return;
    dragging_ = -1;
    emit dragFinished();
}

void RangeSlider::keyPressEvent(QKeyEvent* event) {
    const int step = std::max(1, (maximum_ - minimum_) / 100);
    const int value = focusHandle_ == 0 ? lower_ : upper_;
    switch (event->key()) {
    case Qt::Key_Left:
    case Qt::Key_Down:
        moveHandle(focusHandle_, value - step);
        break;
    case Qt::Key_Right:
    case Qt::Key_Up:
        moveHandle(focusHandle_, value + step);
        break;
    case Qt::Key_Space:
        focusHandle_ = 1 - focusHandle_;
        update();
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}

} // namespace augstudio::ui
