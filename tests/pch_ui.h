#pragma once
// Precompiled once and shared by the studio's test executables: Qt Test, Qt Widgets,
// QCustomPlot and the engine's heavy headers.
#include "ui/pch.h"

#include <QtTest>
