#include "ui/preview/imagepreview.h"

#include "ui/preview/matimage.h"

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

#include <opencv2/imgproc.hpp>

namespace augstudio::ui {

namespace {

constexpr int kVariants = 8; // with the main draw: a 3x3 grid

QImage maskOverlay(const cv::Mat& mask) {
    cv::Mat m8;
    if (mask.depth() != CV_8U)
        mask.convertTo(m8, CV_8U);
    else
        m8 = mask;
    QImage overlay(m8.cols, m8.rows, QImage::Format_ARGB32);
    // A distinct colour per mask value, half transparent; 0 is background.
    for (int y = 0; y < m8.rows; ++y) {
        const uchar* src = m8.ptr<uchar>(y);
        auto* dst = reinterpret_cast<QRgb*>(overlay.scanLine(y));
        for (int x = 0; x < m8.cols; ++x)
            dst[x] = src[x] == 0 ? qRgba(0, 0, 0, 0)
                                 : QColor::fromHsv((src[x] * 67) % 360, 220, 255, 110).rgba();
    }
    return overlay;
}

} // namespace

ImagePreview::ImagePreview(QWidget* parent) : SampleView(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    info_ = new QLabel(this);
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

void ImagePreview::fill(QGraphicsScene* scene, const core::ImageSample& sample, QImage& keep) {
    scene->clear();
    keep = matToQImage(sample.image);
    scene->addPixmap(QPixmap::fromImage(keep));
    scene->setSceneRect(0, 0, sample.image.cols, sample.image.rows);
    const bool show = overlays_->isChecked();
    if (!sample.mask.empty()) {
        auto* m = scene->addPixmap(QPixmap::fromImage(maskOverlay(sample.mask)));
        m->setData(0, true);
        m->setVisible(show);
    }
    for (const auto& box : sample.boxes) {
        const QColor colour = QColor::fromHsv((box.classId * 67) % 360, 255, 255);
        auto* r = scene->addRect(QRectF(box.x1, box.y1, box.x2 - box.x1, box.y2 - box.y1),
                                 QPen(colour, 0));
        r->setData(0, true);
        r->setVisible(show);
        auto* t = scene->addSimpleText(QString::number(box.classId));
        t->setBrush(colour);
        t->setPos(box.x1, box.y1 - 12);
        t->setData(0, true);
        t->setVisible(show);
    }
    for (const auto& kp : sample.keypoints) {
        auto* e =
            scene->addEllipse(kp.x - 2, kp.y - 2, 4, 4, QPen(Qt::yellow, 0), QBrush(Qt::yellow));
        e->setData(0, true);
        e->setVisible(show);
    }
}

void ImagePreview::showResult(const PreviewResult& result) {
    const auto* original =
        result.original ? std::get_if<core::ImageSample>(result.original.get()) : nullptr;
    const auto* augmented =
        result.augmented ? std::get_if<core::ImageSample>(result.augmented.get()) : nullptr;
    if (original)
        fill(scenes_[0], *original, original_);
    if (augmented)
        fill(scenes_[1], *augmented, augmented_);
    else
        scenes_[1]->clear();
    const QSize size = original ? QSize(original->image.cols, original->image.rows) : QSize();
    if (size != lastSize_ || !fitted_) {
        // A new picture size: fit it to the view.
        lastSize_ = size;
        fitted_ = true;
        const QSize viewSize = views_[0]->viewport()->size();
        if (size.width() > 0 && viewSize.width() > 10)
            zoom_ = std::min(double(viewSize.width()) / size.width(),
                             double(viewSize.height()) / size.height()) *
                    0.95;
        zoomBy(1.0);
    }
    if (augmented) {
        const QString shape =
            QStringLiteral("%1x%2").arg(augmented->image.cols).arg(augmented->image.rows);
        titles_[1]->setText(tr("Augmented  %1").arg(shape));
    }
    if (original)
        titles_[0]->setText(tr("Original  %1x%2, %3 ch")
                                .arg(original->image.cols)
                                .arg(original->image.rows)
                                .arg(original->image.channels()));
    // Variants grid: the main draw first, then the others.
    variantImages_.clear();
    if (augmented)
        variantImages_.push_back(augmented_);
    for (const auto& v : result.variants)
        if (const auto* s = std::get_if<core::ImageSample>(v.sample.get()))
            variantImages_.push_back(matToQImage(s->image));
    for (int i = 0; i < 9; ++i) {
        auto* cell = static_cast<QLabel*>(gridLayout_->itemAt(i)->widget());
        if (size_t(i) < variantImages_.size()) {
            const QSize box = cell->size().boundedTo(QSize(4000, 4000)) - QSize(4, 4);
            cell->setPixmap(QPixmap::fromImage(variantImages_[size_t(i)])
                                .scaled(box.expandedTo(QSize(40, 30)), Qt::KeepAspectRatio,
                                        Qt::SmoothTransformation));
            cell->setToolTip(i == 0 ? tr("seed %1").arg(result.seed)
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
    info_->setText(tr("zoom %1%  (wheel zooms both sides, drag pans both)")
                       .arg(int(std::lround(zoom_ * 100))));
}

bool ImagePreview::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Wheel) {
        const auto* wheel = static_cast<QWheelEvent*>(event);
        const double steps = wheel->angleDelta().y() / 120.0;
        if (steps != 0) {
            QGraphicsView* view = watched == views_[0]->viewport() ? views_[0] : views_[1];
            const QPointF scenePos = view->mapToScene(wheel->position().toPoint());
            zoomBy(std::pow(1.25, steps));
            view->centerOn(scenePos);
            views_[view == views_[0] ? 1 : 0]->centerOn(scenePos);
            return true;
        }
    }
    return SampleView::eventFilter(watched, event);
}

} // namespace augstudio::ui
