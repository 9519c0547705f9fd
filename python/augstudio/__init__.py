"""augstudio: Augmentation Studio's engine in a Python training loop.

The same pipeline files, transforms and per-sample seeds as the studio, the CLI and the
export: `Pipeline.load(path)(image=img, key=..., copy=0)` returns exactly what an export
writes for that item and copy. torch and Keras glue live in augstudio.torch and
augstudio.keras and import their framework only when used.
"""

from ._core import Error, SeriesPool, opencv_threads, set_opencv_threads
from .dataset import Dataset, scan
from .exporting import export
from .partners import Partners
from .pipeline import Pipeline, Result, derive_seed

__all__ = ["Error", "Pipeline", "Result", "Dataset", "Partners", "SeriesPool", "derive_seed",
           "scan", "export", "set_opencv_threads", "opencv_threads"]
__version__ = "0.1.0"
