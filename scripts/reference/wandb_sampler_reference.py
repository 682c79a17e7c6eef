#!/usr/bin/env python3
"""Reference samples of every W&B distribution, drawn by wandb/sweeps' own sampler.

Usage: wandb_sampler_reference.py PATH/TO/wandb-sweeps/src > src/test/resources/wandb/reference-quantiles.json

wandb/sweeps is not part of sweep: fetch it (git clone https://github.com/wandb/sweeps) and point this script at
its src/ directory (it needs numpy and scipy). For each case below it draws 10,000 values with
HyperParameter.sample's method (ppf of a uniform number; numpy's generator, seed 20240601) and writes the order
statistics 0, 10, 20, ..., 9990 and 9999 of the sorted draws: 1,001 points that give the empirical distribution to
within 0.001 in CDF, which is what WandbDistributionsKsTest compares sweep's 10,000 draws against. Categorical
cases are written as value indices.
"""
import json
import sys

import numpy as np

CASES = {
    "uniform": {"distribution": "uniform", "min": -1.0, "max": 3.0},
    "int_uniform": {"distribution": "int_uniform", "min": 2, "max": 9},
    "q_uniform": {"distribution": "q_uniform", "min": 0.0, "max": 10.0, "q": 0.5},
    "log_uniform": {"distribution": "log_uniform", "min": -9.0, "max": -2.0},
    "log_uniform_values": {"distribution": "log_uniform_values", "min": 1e-5, "max": 1e-1},
    "q_log_uniform": {"distribution": "q_log_uniform", "min": 0.0, "max": 5.0, "q": 1},
    "q_log_uniform_values": {"distribution": "q_log_uniform_values", "min": 1, "max": 256, "q": 1},
    "inv_log_uniform": {"distribution": "inv_log_uniform", "min": 1.0, "max": 5.0},
    "inv_log_uniform_values": {"distribution": "inv_log_uniform_values", "min": 1e-3, "max": 1e-1},
    "normal": {"distribution": "normal", "mu": 1.0, "sigma": 2.0},
    "q_normal": {"distribution": "q_normal", "mu": 0.0, "sigma": 5.0, "q": 1},
    "log_normal": {"distribution": "log_normal", "mu": 0.0, "sigma": 1.0},
    "q_log_normal": {"distribution": "q_log_normal", "mu": 2.0, "sigma": 0.5, "q": 1},
    "beta": {"distribution": "beta", "a": 2.0, "b": 5.0},
    "q_beta": {"distribution": "q_beta", "a": 2.0, "b": 2.0, "q": 0.1},
    "categorical": {"values": ["a", "b", "c", "d"]},
    "categorical_probabilities": {"values": ["a", "b", "c", "d"], "probabilities": [0.1, 0.2, 0.3, 0.4]},
}
DRAWS = 10_000


def main():
    sys.path.insert(0, sys.argv[1])
    from sweeps.params import HyperParameter

    rng = np.random.default_rng(20240601)
    out = {"source": "wandb/sweeps src/sweeps/params.py, HyperParameter.ppf", "draws": DRAWS, "cases": {}}
    for name, config in CASES.items():
        param = HyperParameter(name, dict(config))
        values = [param.ppf(u) for u in rng.uniform(0.0, 1.0, DRAWS)]
        if "values" in config:
            values = [config["values"].index(v) for v in values]
        ordered = np.sort(np.asarray(values, dtype=float))
        points = list(ordered[::10]) + [ordered[-1]]
        out["cases"][name] = {"config": config, "order_statistics": [float(p) for p in points]}
    json.dump(out, sys.stdout, indent=None, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
