"""A small real training job for hporun's quickstart, using only Python's standard library.

Trains logistic regression with polynomial features on a synthetic two-class data set
(two interleaved half-moons, fixed seed) by mini-batch gradient descent, and reports TRAIN
loss/accuracy and TEST (held-out) loss/accuracy per epoch with hporun's emetrics writer
(installed by `pip install hporun`, else emetrics.py beside this file). Hyperparameters come
from ./config.json, which hporun writes into each trial's directory (the working directory
of the command).
"""

import json
import math
import os
import random
import sys

try:  # the writer from `pip install hporun`
    from hporun.emetrics import EMetrics
except ImportError:  # else emetrics.py beside this file (here a link to python/hporun/emetrics.py)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    try:
        from emetrics import EMetrics
    except ImportError:
        sys.exit("train.py: no emetrics writer: pip install hporun's wheel, or copy the file "
                 "Samples/quickstart/emetrics.py (cp follows the link) beside train.py")


def moons(count, rng):
    points = []
    for index in range(count):
        label = index % 2
        angle = rng.uniform(0, math.pi)
        x = math.cos(angle) if label == 0 else 1 - math.cos(angle)
        y = math.sin(angle) if label == 0 else 0.5 - math.sin(angle)
        points.append(((x + rng.gauss(0, 0.3), y + rng.gauss(0, 0.3)), label))
    return points


def features(point, degree):
    x, y = point
    return [1.0] + [x ** i * y ** j for total in range(1, degree + 1) for i in range(total + 1) for j in [total - i]]


def sigmoid(z):
    return 1 / (1 + math.exp(-max(min(z, 30), -30)))


def evaluate(weights, data):
    loss, correct = 0.0, 0
    for x, label in data:
        p = sigmoid(sum(w * v for w, v in zip(weights, x)))
        loss -= math.log(max(p if label else 1 - p, 1e-12))
        correct += (p >= 0.5) == (label == 1)
    return loss / len(data), correct / len(data)


def main():
    with open("config.json") as handle:
        config = json.load(handle)
    learning_rate = config["learning_rate"]
    l2 = config["l2"]
    degree = config["degree"]
    batch_size = config["batch_size"]
    optimizer = config["optimizer"]
    epochs = config.get("epochs", 8)
    momentum = config.get("momentum", 0.9)  # only when optimizer is momentum (space.yml)

    data_rng = random.Random(7)
    samples = [(features(p, degree), label) for p, label in moons(600, data_rng)]
    train, test = samples[:400], samples[400:]

    weights = [0.0] * len(train[0][0])
    velocity = [0.0] * len(weights)
    order_rng = random.Random(11)
    with EMetrics.open(os.environ.get("SUBID")) as em:
        for epoch in range(1, epochs + 1):
            order_rng.shuffle(train)
            for start in range(0, len(train), batch_size):
                batch = train[start:start + batch_size]
                gradient = [l2 * w for w in weights]
                for x, label in batch:
                    error = sigmoid(sum(w * v for w, v in zip(weights, x))) - label
                    for i, v in enumerate(x):
                        gradient[i] += error * v / len(batch)
                for i in range(len(weights)):
                    if optimizer == "momentum":
                        velocity[i] = momentum * velocity[i] - learning_rate * gradient[i]
                        weights[i] += velocity[i]
                    else:
                        weights[i] -= learning_rate * gradient[i]
            train_loss, train_accuracy = evaluate(weights, train)
            test_loss, test_accuracy = evaluate(weights, test)
            em.record(EMetrics.TRAIN_GROUP, epoch, {"loss": train_loss, "accuracy": train_accuracy})
            em.record(EMetrics.TEST_GROUP, epoch, {"loss": test_loss, "accuracy": test_accuracy})
            print("epoch %d: train loss %.4f, test accuracy %.4f" % (epoch, train_loss, test_accuracy))
            if em.should_stop():  # hporun's pruner stopped this trial (--pruner)
                break


if __name__ == "__main__":
    main()
