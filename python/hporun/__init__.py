"""hporun's Python side: the emetrics writer and a reader of experiment directories.

    from hporun.emetrics import EMetrics     # or, IBM-style: from emetrics import EMetrics
    import hporun
    experiment = hporun.load("hpo-runs/exp")  # trials with config, state, objective, TEST history

The ``hporun`` command itself is installed with this package (pip install hporun).
Standard library only.
"""

from .reader import Experiment, Trial, load

__all__ = ["Experiment", "Trial", "load"]


def __getattr__(name):
    """``hporun.__version__``: the installed distribution's version (``hporun --version``)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version
        try:
            return version("hporun")
        except PackageNotFoundError:
            return None  # run from the repository's python/ folder, not installed
    raise AttributeError("module 'hporun' has no attribute %r" % name)
