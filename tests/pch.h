#pragma once
// Precompiled once and shared by the test executables (one source file each): Qt Test and
// the engine's heavy headers. Files still include what they use.
#include "core/pch.h"

#include <QtTest>
