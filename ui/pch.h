#pragma once
// Precompiled once for the studio library: Qt Widgets, QCustomPlot and the engine's heavy
// headers. Files still include what they use; this only makes the build faster.
#include "core/pch.h"

#include <QtCore>
#include <QtGui>
#include <QtWidgets>

#include <qcustomplot.h>
