#pragma once

#include "ui/preview/sampleview.h"

class QGraphicsView;
class QGraphicsScene;
class QLabel;
class QStackedWidget;
class QCheckBox;
class QGridLayout;

namespace augstudio::ui {

// Original and augmented images side by side with synchronised zoom and pan (wheel zooms
// both, dragging pans both), box/mask/keypoint overlays, the pixel size and zoom factor;
// a "variants" mode shows a 3x3 grid of augmented draws.
class ImagePreview : public SampleView {
    Q_OBJECT
public:
    explicit ImagePreview(QWidget* parent = nullptr);
    void showResult(const PreviewResult& result) override;
    void clearView() override;
    int variantsWanted() const override;
    void setVariantsMode(bool on);
    bool variantsMode() const;
    void zoomBy(double factor);
    double zoom() const { return zoom_; }
    // The augmented image as shown (tests compare it with core's output).
    const QImage& augmentedImage() const { return augmented_; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void fill(QGraphicsScene* scene, const core::ImageSample& sample, QImage& keep);
    void updateInfo();

    QStackedWidget* stack_;
    QGraphicsScene* scenes_[2];
    QGraphicsView* views_[2];
    QLabel* titles_[2];
    QLabel* info_;
    QCheckBox* overlays_;
    QCheckBox* variants_;
    QWidget* grid_;
    QGridLayout* gridLayout_;
    QImage original_, augmented_;
    std::vector<QImage> variantImages_;
    double zoom_ = 1.0;
    bool fitted_ = false;
    QSize lastSize_;
};

} // namespace augstudio::ui
