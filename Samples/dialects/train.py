"""A stand-in training job for the dialect samples (Polyaxon, Log(ML), DeepHyper), standard
library only and a fraction of a second per trial.

It takes its hyperparameters from ./config.json, which hporun writes into the trial's
directory (a Log(ML) file's parameters nest by workflow step: {"model_train": {...}}), and
from `--name=value` arguments when the experiment file's command passes them. It "trains" for
`num_steps` iterations (a hyperband resource; 3 when absent), and reports the TEST metrics
every dialect's objective may name: loss (smaller is better), accuracy and objective (larger
is better), a smooth function of the numeric values and a fixed score per text value.
"""

import json
import math
import os
import sys

try:  # the writer from `pip install hporun`
    from hporun.emetrics import EMetrics
except ImportError:  # else emetrics.py beside this file (a link to python/hporun/emetrics.py)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    try:
        from emetrics import EMetrics
    except ImportError:
        sys.exit("train.py: no emetrics writer: pip install hporun's wheel, or copy the file "
                 "Samples/dialects/emetrics.py (cp follows the link) beside train.py")


def flatten(config, prefix=""):
    """{"model_train": {"learning_rate": 0.1}} -> {"model_train.learning_rate": 0.1}."""
    flat = {}
    for key, value in config.items():
        if isinstance(value, dict):
            flat.update(flatten(value, prefix + key + "."))
        else:
            flat[prefix + key] = value
    return flat


def main():
    with open("config.json") as file:
        values = flatten(json.load(file))
    for argument in sys.argv[1:]:  # --lr=0.1 as Polyaxon's cmd passes them
        name, _, value = argument.lstrip("-").partition("=")
        values.setdefault(name.replace("-", "_"), value)
    badness = 0.0
    for name, value in sorted(values.items()):
        try:
            number = float(value)
            badness += (math.log10(abs(number) + 1e-12) + 1.0) ** 2 / 10 if number else 0.5
        except (TypeError, ValueError):
            badness += (sum(map(ord, str(value))) % 7) / 10
    steps = int(float(values.get("num_steps", 3)))
    with EMetrics.open(os.environ.get("SUBID")) as em:
        for step in range(1, steps + 1):
            loss = badness + 1.0 / step
            em.record(EMetrics.TEST_GROUP, step,
                      {"loss": loss, "accuracy": 1 / (1 + loss), "objective": -loss})
    print(f"trained {steps} steps: loss {loss:.4f}; arguments: {' '.join(sys.argv[1:])}")


if __name__ == "__main__":
    main()
