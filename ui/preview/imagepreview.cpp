#include "ui/preview/imagepreview.h"

#include "ui/preview/displayimage.h"

#include <QCheckBox>
#include <QGraphicsPixmapItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace augstudio::ui {

namespace {

constexpr int kVariants = 8; // with the main draw: a 3x3 grid

} // namespace

ImagePreview::ImagePreview(QWidget* parent) : SampleView(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    info_ = new QLabel(this);
    info_->setObjectName(QStringLiteral("zoomInfo"));
    overlays_ = new QCheckBox(tr("Overlays"), this);
    overlays_->setChecked(true);
    overlays_->setToolTip(tr("Show boxes, masks and keypoints"));
    variants_ = new QCheckBox(tr("Variants 3x3"), this);
    variants_->setToolTip(tr("Show nine augmented draws of this item"));
    bar->addWidget(info_, 1);
    bar->addWidget(overlays_);
    bar->addWidget(variants_);
    layout->addLayout(bar);

    stack_ = new QStackedWidget(this);
    auto* sideBySide = new QWidget(stack_);
    auto* sides = new QHBoxLayout(sideBySide);
    sides->setContentsMargins(0, 0, 0, 0);
    for (int i = 0; i < 2; ++i) {
        auto* column = new QVBoxLayout;
        titles_[i] = new QLabel(i == 0 ? tr("Original") : tr("Augmented"), sideBySide);
        titles_[i]->setAlignment(Qt::AlignCenter);
        scenes_[i] = new QGraphicsScene(this);
        views_[i] = new QGraphicsView(scenes_[i], sideBySide);
        views_[i]->setObjectName(i == 0 ? QStringLiteral("originalView")
                                        : QStringLiteral("augmentedView"));
        views_[i]->setDragMode(QGraphicsView::ScrollHandDrag);
        views_[i]->setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
        views_[i]->setBackgroundBrush(QColor(40, 40, 40));
        views_[i]->viewport()->installEventFilter(this);
        column->addWidget(titles_[i]);
        column->addWidget(views_[i], 1);
        sides->addLayout(column, 1);
    }
    // Panning one side pans the other.
    for (int i = 0; i < 2; ++i) {
        QGraphicsView* a = views_[i];
        QGraphicsView* b = views_[1 - i];
        connect(a->horizontalScrollBar(), &QScrollBar::valueChanged, b->horizontalScrollBar(),
                &QScrollBar::setValue);
        connect(a->verticalScrollBar(), &QScrollBar::valueChanged, b->verticalScrollBar(),
                &QScrollBar::setValue);
    }
    stack_->addWidget(sideBySide);
    grid_ = new QWidget(stack_);
    gridLayout_ = new QGridLayout(grid_);
    gridLayout_->setSpacing(4);
    for (int i = 0; i < 9; ++i) {
        auto* cell = new QLabel(grid_);
        cell->setAlignment(Qt::AlignCenter);
        cell->setMinimumSize(80, 60);
        cell->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
        cell->setStyleSheet(QStringLiteral("background: #282828; color: #ccc;"));
        gridLayout_->addWidget(cell, i / 3, i % 3);
    }
    stack_->addWidget(grid_);
    layout->addWidget(stack_, 1);

    connect(overlays_, &QCheckBox::toggled, this, [this] {
        for (auto* scene : scenes_)
            for (QGraphicsItem* item : scene->items())
                if (item->data(0).toBool())
                    item->setVisible(overlays_->isChecked());
    });
    connect(variants_, &QCheckBox::toggled, this, [this](bool on) {
        stack_->setCurrentIndex(on ? 1 : 0);
        emit variantsWantedChanged();
    });
}

int ImagePreview::variantsWanted() const {
    return variants_->isChecked() ? kVariants : 0;
}
void ImagePreview::setVariantsMode(bool on) {
    variants_->setChecked(on);
}
bool ImagePreview::variantsMode() const {
    return variants_->isChecked();
}

void ImagePreview::clearView() {
    for (auto* scene : scenes_)
        scene->clear();
    original_ = augmented_ = {};
    info_->clear();
}

void ImagePreview::fill(QGraphicsScene* scene, const core::ImageSample& sample,
                        const QImage& picture, const QImage& mask, QSize fullSize) {
    // The scene is in full-resolution pixels: a picture built at scale s is drawn 1/s larger,
    // and the targets of a sample rendered at the shown size are scaled back.
    scene->clear();
    if (fullSize.isEmpty())
        fullSize = QSize(sample.image.cols, sample.image.rows);
    const double pictureScale = picture.isNull() || fullSize.width() == 0
                                    ? 1.0
                                    : double(picture.width()) / fullSize.width();
    auto* pixmap = scene->addPixmap(QPixmap::fromImage(picture));
    pixmap->setScale(1.0 / pictureScale);
    pixmap->setTransformationMode(Qt::SmoothTransformation);
    scene->setSceneRect(0, 0, fullSize.width(), fullSize.height());
    const bool show = overlays_->isChecked();
    if (!mask.isNull()) {
        auto* m = scene->addPixmap(QPixmap::fromImage(mask));
        m->setScale(1.0 / pictureScale);
        m->setData(0, true);
        m->setVisible(show);
    }
    const double kx = sample.image.cols > 0 ? double(fullSize.width()) / sample.image.cols : 1.0;
    const double ky = sample.image.rows > 0 ? double(fullSize.height()) / sample.image.rows : 1.0;
    for (const auto& box : sample.boxes) {
        const QColor colour = QColor::fromHsv((box.classId * 67) % 360, 255, 255);
        auto* r = scene->addRect(
            QRectF(box.x1 * kx, box.y1 * ky, (box.x2 - box.x1) * kx, (box.y2 - box.y1) * ky),
            QPen(colour, 0));
        r->setData(0, true);
        r->setVisible(show);
        auto* t = scene->addSimpleText(QString::number(box.classId));
        t->setBrush(colour);
        t->setPos(box.x1 * kx, box.y1 * ky - 12);
        t->setData(0, true);
        t->setVisible(show);
    }
    for (const auto& kp : sample.keypoints) {
        auto* e = scene->addEllipse(kp.x * kx - 2, kp.y * ky - 2, 4, 4, QPen(Qt::yellow, 0),
                                    QBrush(Qt::yellow));
        e->setData(0, true);
        e->setVisible(show);
    }
}

QSize ImagePreview::renderViewport() const {
    return atFit_ ? views_[0]->viewport()->size() : QSize();
}

QSize ImagePreview::variantCell() const {
    const QWidget* cell = gridLayout_->itemAt(0)->widget();
    return cell->size() - QSize(4, 4);
}

void ImagePreview::fitToWindow() {
    if (!lastSize_.isEmpty())
        zoom_ = displayimage::fitZoom(views_[0]->viewport()->size(), lastSize_);
    zoomBy(1.0);
    if (!atFit_) {
        atFit_ = true;
        emit renderSizeChanged();
    }
}

void ImagePreview::showResult(const PreviewResult& result) {
    const auto* original =
        result.original ? std::get_if<core::ImageSample>(result.original.get()) : nullptr;
    const auto* augmented =
        result.augmented ? std::get_if<core::ImageSample>(result.augmented.get()) : nullptr;
    const PreviewPictures& pictures = result.pictures;
    shownScale_ = pictures.scale;
    reduced_ = result.sampleScale < 1.0;
    if (original) {
        original_ = pictures.original;
        fill(scenes_[0], *original, original_, pictures.originalMask, {});
    }
    if (augmented) {
        augmented_ = pictures.augmented;
        fill(scenes_[1], *augmented, augmented_, pictures.augmentedMask, result.augmentedSize);
    } else {
        scenes_[1]->clear();
    }
    const QSize size = original ? QSize(original->image.cols, original->image.rows) : QSize();
    if (size != lastSize_ || !fitted_ || atFit_) {
        // A new picture size (or the window resized at fit zoom): fit it to the view.
        lastSize_ = size;
        fitted_ = true;
        const QSize viewSize = views_[0]->viewport()->size();
        if (size.width() > 0 && viewSize.width() > 10)
            zoom_ = displayimage::fitZoom(viewSize, size);
        zoomBy(1.0);
    }
    if (augmented) {
        const QSize full = result.augmentedSize.isEmpty()
                               ? QSize(augmented->image.cols, augmented->image.rows)
                               : result.augmentedSize;
        const QString shape = QStringLiteral("%1x%2").arg(full.width()).arg(full.height());
        titles_[1]->setText(tr("Augmented  %1").arg(shape));
    }
    if (original)
        titles_[0]->setText(tr("Original  %1x%2, %3 ch")
                                .arg(original->image.cols)
                                .arg(original->image.rows)
                                .arg(original->image.channels()));
    // Variants grid: the main draw first, then the others, fitted to a cell on the worker.
    variantImages_ = pictures.variants;
    for (int i = 0; i < 9; ++i) {
        auto* cell = static_cast<QLabel*>(gridLayout_->itemAt(i)->widget());
        if (size_t(i) < variantImages_.size()) {
            cell->setPixmap(QPixmap::fromImage(variantImages_[size_t(i)]));
            cell->setToolTip(i == 0 || size_t(i - 1) >= result.variants.size()
                                 ? tr("seed %1").arg(result.seed)
                                 : tr("seed %1").arg(result.variants[size_t(i - 1)].seed));
        } else {
            cell->clear();
        }
    }
    updateInfo();
}

void ImagePreview::zoomBy(double factor) {
    zoom_ = std::clamp(zoom_ * factor, 0.02, 64.0);
    for (auto* view : views_)
        view->setTransform(QTransform::fromScale(zoom_, zoom_));
    updateInfo();
}

void ImagePreview::updateInfo() {
    info_->setText(tr("zoom %1%%2  (wheel zooms both sides, drag pans both, double-click fits)")
                       .arg(int(std::lround(zoom_ * 100)))
                       .arg(!atFit_    ? QString()
                            : reduced_ ? tr(", fit: rendered at the size shown")
                                       : tr(", fit")));
    info_->setToolTip(reduced_ ? tr("Geometry and colour steps are rendered straight at the "
                                    "size shown; zoom in to see the exported pixels")
                               : QString());
}

bool ImagePreview::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::MouseButtonDblClick) {
        fitToWindow();
        return true;
    }
    if (event->type() == QEvent::Wheel) {
        const auto* wheel = static_cast<QWheelEvent*>(event);
        const double steps = wheel->angleDelta().y() / 120.0;
        if (steps != 0) {
            QGraphicsView* view = watched == views_[0]->viewport() ? views_[0] : views_[1];
            const QPointF scenePos = view->mapToScene(wheel->position().toPoint());
            zoomBy(std::pow(1.25, steps));
            if (atFit_) {
                atFit_ = false; // full resolution from now on (100% shows exported pixels)
                emit renderSizeChanged();
            }
            view->centerOn(scenePos);
            views_[view == views_[0] ? 1 : 0]->centerOn(scenePos);
            return true;
        }
    }
    return SampleView::eventFilter(watched, event);
}

} // namespace augstudio::ui
