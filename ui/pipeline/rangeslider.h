#pragma once

#include <QWidget>

namespace augstudio::ui {

// A horizontal slider with two handles over integer positions [minimum, maximum], for a
// [lo, hi] parameter. `isDragging()` is true while a handle is held (one undo step per drag).
class RangeSlider : public QWidget {
    Q_OBJECT
public:
    explicit RangeSlider(QWidget* parent = nullptr);

    void setRange(int minimum, int maximum);
    void setValues(int lower, int upper); // no signal
    int lower() const { return lower_; }
    int upper() const { return upper_; }
    int minimum() const { return minimum_; }
    int maximum() const { return maximum_; }
    bool isDragging() const { return dragging_ >= 0; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void valuesChanged(int lower, int upper);
    void dragFinished();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    int positionOf(int value) const;
    int valueAt(int x) const;
    void moveHandle(int handle, int value);

    int minimum_ = 0, maximum_ = 1000;
    int lower_ = 0, upper_ = 1000;
    int dragging_ = -1; // 0 lower, 1 upper
    int focusHandle_ = 0;
};

} // namespace augstudio::ui
