"""emetrics: write a training program's metrics for hporun (and IBM WML HPO).

A stdlib-only (Python 3.8+) writer of the emetrics log, API-compatible with IBM's sample
``emetrics.py``::

    import os
    from emetrics import EMetrics

    with EMetrics.open(os.environ.get("SUBID")) as em:
        for epoch in range(1, epochs + 1):
            em.record(EMetrics.TRAIN_GROUP, epoch, {"accuracy": train_acc, "loss": train_loss})
            em.record(EMetrics.TEST_GROUP, epoch, {"accuracy": test_acc, "loss": test_loss})

Each record is one JSON line appended to ``$LOG_DIR/$SUBID/evaluation-metrics.txt``
(LOG_DIR falls back to ``$JOB_STATE_DIR/logs``, then ``/tmp``) with ONE ``os.write`` on an
``O_APPEND`` descriptor, so a reader never sees half a line and a crash loses at most the
record being written. On close, when a SUBID was given and TEST records were made, the TEST
history is written (atomically) to ``$RESULT_DIR/val_dict_list.json`` (or ``/tmp``).

Wire format (the project's PROTOCOL.md, section 3), identical byte for byte to the Swift
EMetrics library: ``json.dumps`` spacing; envelope keys in the fixed order meta, grouplabel,
etimes, values; metric names sorted by code point. Integers are ``{"type": 2, "value":
"12"}``, floats ``{"type": 3, "value": "0.91"}`` (``"nan"``, ``"inf"``, ``"-inf"`` when not
finite), anything else ``{"value": "<str(value)>"}``. numpy/torch scalars count as numbers.

Differences from IBM's sample, all deliberate: ``open()`` without a SUBID takes the
``SUBID`` environment variable; empty variables count as unset; booleans are written as
text (``"True"``), not as integers; non-finite floats in val_dict_list.json are written as
the strings "nan"/"inf"/"-inf" so the file stays valid JSON; the file is not rewritten
when there were no TEST records (so a val_dict_list.json you wrote yourself survives).
"""

import json
import math
import numbers
import os
import threading
import time

__all__ = ["EMetrics"]


def _env(environ, name):
    value = environ.get(name)
    return value if value else None


def _plain(value):
    """A numpy/torch scalar as a Python int or float; anything else unchanged."""
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return _plain(item())
        except (TypeError, ValueError, RuntimeError):
            return value
    return value


def _encode(value):
    value = _plain(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return {"type": 2, "value": str(value)}
    if isinstance(value, float):
        return {"type": 3, "value": str(value)}
    return {"value": str(value)}


def _bare(value):
    value = _plain(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, (int, float, str)) or value is None:
        return value
    return str(value)


def _sorted_items(values):
    return sorted(values.items(), key=lambda item: item[0])


class EMetrics(object):
    """Appends emetrics records; use ``with EMetrics.open(...) as em:``."""

    TRAIN_GROUP = "train"
    TEST_GROUP = "test"

    def __init__(self, subId, f, path=None, results_path=None, training_id=None):
        """``open()`` is the usual way in. IBM's own form works too: ``EMetrics(subId, f)``
        with ``f`` a file opened for appending (closed by ``close()``), or ``None`` to write
        no log (the TEST history still goes to val_dict_list.json on close); then the log's
        path is the file's name, val_dict_list.json goes to ``$RESULT_DIR`` (or /tmp) and the
        training id is ``$TRAINING_ID``, as IBM's ``close()`` and constructor take them."""
        self.subId = subId
        if training_id is None:
            training_id = os.environ.get("TRAINING_ID", "")
        self.trainingId = training_id
        if path is None and f is not None and not isinstance(f, int):
            path = getattr(f, "name", None)
        self.path = path if path is not None else "the metrics log"
        self.results_path = results_path
        self.rIndex = 1
        self.test_history = []
        self._fd = f if isinstance(f, int) else None
        self._file = None if isinstance(f, int) else f
        self._closed = False
        self._lock = threading.Lock()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        if exc_type is None:
            self.close()
            return
        try:  # the training error is the one to report, not a failure to close
            self.close()
        except Exception:
            pass

    @staticmethod
    def folder(subId=None, environ=None):
        """The folder of evaluation-metrics.txt, resolved as the protocol says."""
        environ = os.environ if environ is None else environ
        folder = _env(environ, "LOG_DIR")
        if folder is None:
            state = _env(environ, "JOB_STATE_DIR")
            folder = os.path.join(state, "logs") if state is not None else "/tmp"
        if subId:
            folder = os.path.join(folder, str(subId))
        return folder

    @staticmethod
    def open(subId=None, environ=None):
        """Opens the log for appending; ``subId=None`` takes the SUBID environment variable."""
        environ = os.environ if environ is None else environ
        if subId is None:
            subId = _env(environ, "SUBID")
        subId = str(subId) if subId not in (None, "") else None
        folder = EMetrics.folder(subId, environ)
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "evaluation-metrics.txt")
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        results = os.path.join(_env(environ, "RESULT_DIR") or "/tmp", "val_dict_list.json")
        return EMetrics(subId, fd, path, results, environ.get("TRAINING_ID", ""))

    def should_stop(self, environ=None):
        """Whether hporun asked this trial to stop: its pruner wrote ``hporun-stop`` in the
        trial's directory (``$RESULT_DIR``) and stops the process a few seconds later; check
        it after each epoch to end cleanly first. False outside hporun (no RESULT_DIR)."""
        folder = _env(os.environ if environ is None else environ, "RESULT_DIR")
        return folder is not None and os.path.exists(os.path.join(folder, "hporun-stop"))

    def record(self, group, iteration, values):
        """Appends one record of ``values`` (name -> number or text) at ``iteration``."""
        with self._lock:
            if self._closed:
                raise ValueError("metrics record after close: %s is already closed" % self.path)
            now = time.time()
            meta = {"training_id": self.trainingId, "time": int(now * 1000), "rindex": self.rIndex}
            if self.subId:
                meta["subid"] = str(self.subId)
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(int(now))) + "." + str(int(now))
            items = _sorted_items(values)
            line = json.dumps({
                "meta": meta,
                "grouplabel": group,
                "etimes": {"iteration": _encode(iteration), "time_stamp": _encode(stamp)},
                "values": {name: _encode(value) for name, value in items},
            }) + "\n"
            data = line.encode("utf-8")
            if self._fd is not None:
                while data:
                    data = data[os.write(self._fd, data):]
            elif self._file is not None:  # IBM's EMetrics(subId, f): a file of the caller's
                self._file.write(data if "b" in getattr(self._file, "mode", "") else line)
                self._file.flush()
            self.rIndex += 1
            if group == EMetrics.TEST_GROUP:
                entry = {"steps": _bare(iteration)}
                entry.update((name, _bare(value)) for name, value in items)
                self.test_history.append(entry)

    def close(self):
        """Closes the log and writes val_dict_list.json (see the module doc). Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._fd is not None:
                fd, self._fd = self._fd, None
                os.close(fd)
            if self._file is not None:
                file, self._file = self._file, None
                file.close()
            if not self.subId or not self.test_history:
                return
            if self.results_path is None:
                self.results_path = os.path.join(_env(os.environ, "RESULT_DIR") or "/tmp", "val_dict_list.json")
            temporary = "%s.tmp-%d" % (self.results_path, os.getpid())
            with open(temporary, "w") as f:
                f.write(json.dumps(self.test_history))
                f.flush()
                os.fsync(f.fileno())
            os.replace(temporary, self.results_path)
            try:  # make the rename itself durable
                folder = os.open(os.path.dirname(self.results_path) or ".", os.O_RDONLY)
                try:
                    os.fsync(folder)
                finally:
                    os.close(folder)
            except OSError:
                pass


if __name__ == "__main__":
    with EMetrics.open("1") as metrics:
        metrics.record(EMetrics.TEST_GROUP, 1, {"accuracy": 0.6})
        metrics.record(EMetrics.TEST_GROUP, 2, {"accuracy": 0.5})
        metrics.record(EMetrics.TEST_GROUP, 3, {"accuracy": 0.9})
