"""Optuna's side of the warm-start benchmark (scripts/bench-warm.sh): for every problem and seed s, night 1 is a
TPESampler(seed=s, constant_liar=True) study on the problem; night 2 (seed s + 100000, as sweep.bench.WarmBench)
runs on the problem drifted as sweep.bench.Drift draws it for s, once cold and once with night 1's trials added to
the study first (study.add_trials; trials the budget cut while running are added as pruned, with what they
reported). Same simulated scheduler and curves as sweep's side (scripts/bench/hpo_optuna.py, sweep's CurveServer).

usage: warm_optuna.py CLASSPATH OUT.jsonl SEEDS EPOCHS TRIALS WORKERS
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import optuna  # noqa: E402
from optuna.trial import TrialState  # noqa: E402
from hpo_optuna import SUITE, Curves, simulate  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.ERROR)


class Drifted:
    """The curve server's answers for the problem drifted by sweep.bench.Drift.of(problem, drift_seed)."""

    def __init__(self, curves, drift_seed):
        self.curves = curves
        self.drift_seed = drift_seed

    def ask(self, request):
        return self.curves.ask(dict(request, drift_seed=self.drift_seed))


def finished(study):
    out = []
    for t in study.get_trials(deepcopy=False):
        if t.state == TrialState.RUNNING:
            if t.intermediate_values:
                out.append(optuna.trial.create_trial(params=t.params, distributions=t.distributions,
                                                     intermediate_values=t.intermediate_values,
                                                     state=TrialState.PRUNED))
        else:
            out.append(t)
    return out


def main():
    classpath, out, seeds, epochs, trials, workers = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:7])
    curves = Curves(classpath)
    budget = trials * epochs
    with open(out, "w") as f:
        for problem, space in SUITE:
            t0 = time.time()
            for seed in range(seeds):
                two = seed + 100000
                sampler = optuna.samplers.TPESampler(seed=seed, constant_liar=True)
                _, _, _, night1 = simulate(curves, problem, space, sampler, None, seed, workers, epochs, 1 << 30,
                                           budget)
                prior = finished(night1)
                drifted = Drifted(curves, seed)
                optimum = curves.ask({"optimum": problem, "epochs": epochs, "drift_seed": seed})["optimum"]
                for start in ("cold", "warm"):
                    sampler = optuna.samplers.TPESampler(seed=two, constant_liar=True)
                    spent, n, trajectory, _ = simulate(drifted, problem, space, sampler, None, two, workers, epochs,
                                                       1 << 30, budget, prior if start == "warm" else ())
                    f.write(json.dumps({"tool": "optuna", "pruner": "none", "start": start, "problem": problem,
                                        "seed": seed, "optimum": optimum, "spent": spent, "trials": n,
                                        "trajectory": trajectory}) + "\n")
            print("optuna %-13s tpe none      %6.1f s" % (problem, time.time() - t0), file=sys.stderr, flush=True)
    curves.close()


if __name__ == "__main__":
    main()
