#!/usr/bin/env python3
"""Optuna's default parameter importance (fANOVA, FanovaImportanceEvaluator) for trials written by sweep.

Used to check sweep.report.importance against Optuna. Needs Debian's python3-optuna (3.1) and python3-sklearn
(run with /usr/bin/python3).

usage: importance_reference.py TRIALS.json [SEED] [FOREST.json]
  TRIALS.json: {"space": {NAME: {"type": "float", "low": L, "high": H, "log": false, "step": null}
                               | {"type": "int", "low": L, "high": H}
                               | {"type": "categorical", "choices": [...]}, ...},
                "trials": [{"params": {NAME: VALUE, ...}, "value": V}, ...]}
  prints {NAME: IMPORTANCE, ...}, most important first, as JSON on one line.
  FOREST.json, when named, receives the forest Optuna fitted, so the variance decomposition can be checked on the
  very same trees: {"params": [NAME, ...], "groups": [[COLUMN, ...], ...], "bounds": [[LOW, HIGH], ...],
  "trees": [{"feature": [...], "threshold": [...], "left": [...], "right": [...], "value": [...]}, ...]}
  (the parameters that can take more than one value, sorted by name, as Optuna encodes them).
"""
import json
import sys

import optuna
from optuna._transform import _SearchSpaceTransform
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.importance import FanovaImportanceEvaluator, get_param_importances


def distribution(d):
    if d["type"] == "categorical":
        return CategoricalDistribution(d["choices"])
    if d["type"] == "int":
        return IntDistribution(int(d["low"]), int(d["high"]))
    return FloatDistribution(d["low"], d["high"], log=bool(d.get("log")), step=d.get("step"))


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    distributions = {name: distribution(d) for name, d in spec["space"].items()}
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    study = optuna.create_study()
    for t in spec["trials"]:
        params = {n: t["params"][n] for n in distributions}
        study.add_trial(optuna.trial.create_trial(params=params, distributions=distributions, value=t["value"]))
    evaluator = FanovaImportanceEvaluator(seed=seed)
    importances = get_param_importances(study, evaluator=evaluator)
    print(json.dumps({name: float(v) for name, v in importances.items()}))
    if len(sys.argv) > 3:
        write_forest(sys.argv[3], distributions, evaluator)


def write_forest(path, distributions, evaluator):
    varied = {n: d for n, d in sorted(distributions.items()) if not d.single()}
    trans = _SearchSpaceTransform(varied, transform_log=False, transform_step=False)
    trees = []
    for estimator in evaluator._evaluator._forest.estimators_:
        t = estimator.tree_
        trees.append({
            "feature": [int(f) for f in t.feature],
            "threshold": [float(x) for x in t.threshold],
            "left": [int(c) for c in t.children_left],
            "right": [int(c) for c in t.children_right],
            "value": [float(v) for v in t.value[:, 0, 0]],
        })
    with open(path, "w") as f:
        json.dump({
            "params": list(varied),
            "groups": [[int(c) for c in cols] for cols in trans.column_to_encoded_columns],
            "bounds": [[float(lo), float(hi)] for lo, hi in trans.bounds],
            "trees": trees,
        }, f)


if __name__ == "__main__":
    main()
