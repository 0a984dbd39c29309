"""A training script in the style IBM Watson Machine Learning's HPO ran, standard library only.

WML started it with a shell command line (see experiment.yml), in a directory holding
config.json with the hyperparameters; it reports its TEST history the way much WML code
did: by writing $RESULT_DIR/val_dict_list.json at the end (no emetrics log). hporun runs
it unchanged and takes the objective from that file.

The model: a perceptron-style linear classifier with hinge loss and L2 decay, trained by
stochastic gradient descent on two overlapping Gaussian classes (fixed seed) in 10-D.
"""

import argparse
import json
import os
import random


def dataset(rng, count, dimensions=10):
    center = [0.6 if i % 2 == 0 else -0.4 for i in range(dimensions)]
    samples = []
    for index in range(count):
        label = 1 if index % 2 == 0 else -1
        x = [rng.gauss(label * c, 1.0) for c in center]
        samples.append((x, label))
    return samples


def accuracy(weights, bias, data):
    correct = sum(1 for x, y in data if y * (sum(w * v for w, v in zip(weights, x)) + bias) > 0)
    return correct / len(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trainingIters", type=int, default=6)
    parser.add_argument("--data", default=os.environ.get("DATA_DIR", "."))
    arguments = parser.parse_args()

    with open("config.json") as handle:
        config = json.load(handle)
    learning_rate = config["learning_rate"]
    decay = config["weight_decay"]
    batch_size = config["batch_size"]

    rng = random.Random(2018)
    train, test = dataset(rng, 600), dataset(rng, 300)
    weights, bias = [0.0] * len(train[0][0]), 0.0
    history = []
    for epoch in range(1, arguments.trainingIters + 1):
        rng.shuffle(train)
        for start in range(0, len(train), batch_size):
            grad_w, grad_b = [decay * w for w in weights], 0.0
            batch = train[start:start + batch_size]
            for x, y in batch:
                if y * (sum(w * v for w, v in zip(weights, x)) + bias) < 1:
                    grad_w = [g - y * v / len(batch) for g, v in zip(grad_w, x)]
                    grad_b -= y / len(batch)
            weights = [w - learning_rate * g for w, g in zip(weights, grad_w)]
            bias -= learning_rate * grad_b
        history.append({"steps": epoch, "accuracy": accuracy(weights, bias, test)})
        print("epoch %d: test accuracy %.4f" % (epoch, history[-1]["accuracy"]))

    with open(os.path.join(os.environ.get("RESULT_DIR", "."), "val_dict_list.json"), "w") as handle:
        json.dump(history, handle)


if __name__ == "__main__":
    main()
