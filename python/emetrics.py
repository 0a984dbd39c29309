"""The top-level ``emetrics`` module, so IBM-style code (``from emetrics import EMetrics``)
runs unchanged: the writer itself is ``hporun.emetrics`` (python/hporun/emetrics.py)."""

from hporun.emetrics import EMetrics

__all__ = ["EMetrics"]
