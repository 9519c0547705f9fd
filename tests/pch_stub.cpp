// Compiles the shared precompiled header (tests/pch.h) that the test executables reuse.
