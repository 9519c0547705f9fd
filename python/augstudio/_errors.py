"""augstudio.Error, raised by the engine and by the Python layer alike."""

from ._core import Error

Error.__module__ = "augstudio"


def error(where, reason, kind="argument"):
    """An Error naming where (an argument, a file, a JSON path) and why."""
    e = Error(f"{where}: {reason}" if where else reason)
    e.where = where
    e.reason = reason
    e.kind = kind
    return e


def type_name(value):
    return type(value).__name__
