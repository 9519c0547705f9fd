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
    // At fit-to-window zoom the viewport (pictures are built at the size shown); once the
    // user zooms, empty: full resolution, so 100% shows exactly the exported pixels.
    QSize renderViewport() const override;
    QSize variantCell() const override;
    bool atFitZoom() const { return atFit_; }
    // Back to fit-to-window zoom.
    void fitToWindow();
    void setVariantsMode(bool on);
    bool variantsMode() const;
    void zoomBy(double factor);
    double zoom() const { return zoom_; }
    // The augmented picture as shown, at shownScale() of its pixels (tests compare it with
    // core's output).
    const QImage& augmentedImage() const { return augmented_; }
    double shownScale() const { return shownScale_; }
    // Whether the augmented side was rendered at the size shown (not the export's pixels).
    bool reducedRender() const { return reduced_; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void fill(QGraphicsScene* scene, const core::ImageSample& sample, const QImage& picture,
              const QImage& mask, QSize fullSize);
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
    double shownScale_ = 1.0;
    bool reduced_ = false; // the augmented side was rendered at the size shown
    bool fitted_ = false;
    bool atFit_ = true;
    QSize lastSize_;
};

} // namespace augstudio::ui
