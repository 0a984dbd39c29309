"""emetrics: report a training program's metrics to hporun (or IBM Watson ML's HPO).

A stdlib-only writer of the emetrics protocol (hporun's PROTOCOL.md, section 3), a drop-in
for IBM's sample ``emetrics.py``::

    from emetrics import EMetrics
    import os

    with EMetrics.open(os.environ.get("SUBID")) as em:
        for epoch in range(1, epochs + 1):
            em.record(EMetrics.TRAIN_GROUP, epoch, {"loss": train_loss})
            em.record(EMetrics.TEST_GROUP, epoch, {"accuracy": acc, "loss": test_loss})

Each record is one JSON line, appended with a single ``os.write`` on an ``O_APPEND``
descriptor, so a reader never sees half a record and a crash loses at most the one being
written. On close, when a SUBID was given, the TEST history goes to
``$RESULT_DIR/val_dict_list.json``.
"""

import json
import math
import os
import time

__all__ = ["EMetrics"]


def _folder(subid):
    base = os.environ.get("LOG_DIR") or (
        os.path.join(os.environ["JOB_STATE_DIR"], "logs") if os.environ.get("JOB_STATE_DIR") else "/tmp")
    return os.path.join(base, subid) if subid else base


def _number_text(value):
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(float(value))


def _encode(value):
    """{"type": 2, ...} for an int, {"type": 3, ...} for a float, {"value": text} otherwise."""
    if isinstance(value, bool):
        return {"value": str(value)}
    if isinstance(value, int):
        return {"type": 2, "value": str(value)}
    if isinstance(value, float):
        return {"type": 3, "value": _number_text(value)}
    try:  # numpy and torch scalars
        if hasattr(value, "item"):
            return _encode(value.item())
    except (TypeError, ValueError):
        pass
    return {"value": str(value)}


def _history_value(value):
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else _number_text(value)
    if hasattr(value, "item"):
        return _history_value(value.item())
    return str(value)


class EMetrics:
    TRAIN_GROUP = "train"
    TEST_GROUP = "test"

    def __init__(self, subid=None):
        self.subid = str(subid) if subid else None
        self.training_id = os.environ.get("TRAINING_ID", "")
        self.folder = _folder(self.subid)
        os.makedirs(self.folder, exist_ok=True)
        self.path = os.path.join(self.folder, "evaluation-metrics.txt")
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self._rindex = 0
        self._test_history = []

    @staticmethod
    def open(subid=None):
        """Opens the writer; subid defaults to the SUBID environment variable."""
        return EMetrics(subid if subid is not None else os.environ.get("SUBID"))

    def record(self, group, iteration, values):
        if self._fd is None:
            raise ValueError("emetrics: record called after close on " + self.path)
        self._rindex += 1
        now_ms = int(time.time() * 1000)
        meta = {"training_id": self.training_id, "time": now_ms, "rindex": self._rindex}
        if self.subid:
            meta["subid"] = self.subid
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now_ms // 1000)) + ".%03dZ" % (now_ms % 1000)
        record = {
            "meta": meta,
            "grouplabel": group,
            "etimes": {"iteration": {"type": 2, "value": str(int(iteration))},
                       "time_stamp": {"value": stamp}},
            "values": {name: _encode(values[name]) for name in sorted(values)},
        }
        line = (json.dumps(record) + "\n").encode("utf-8")
        written = 0
        while written < len(line):  # one write for any sane line; loop only on a short write
            written += os.write(self._fd, line[written:])
        if group == EMetrics.TEST_GROUP:
            entry = {"steps": int(iteration)}
            entry.update({name: _history_value(values[name]) for name in sorted(values)})
            self._test_history.append(entry)

    def close(self):
        """Closes the log and writes val_dict_list.json when a SUBID was given. Idempotent."""
        if self._fd is None:
            return
        os.close(self._fd)
        self._fd = None
        if self.subid:
            folder = os.environ.get("RESULT_DIR") or "/tmp"
            target = os.path.join(folder, "val_dict_list.json")
            temp = target + ".tmp-%d" % os.getpid()
            with open(temp, "w") as handle:
                handle.write(json.dumps(self._test_history) + "\n")
            os.replace(temp, target)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
