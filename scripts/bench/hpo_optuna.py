"""Optuna's side of the search benchmark (scripts/bench-hpo.sh): the same problems, seeds, budgets and simulated
scheduler as sweep.bench.SimulatedSweep, with Optuna 3.1's samplers and HyperbandPruner, on curves served by
sweep's own code (sweep.bench.CurveServer), so both tools see identical values.

usage: hpo_optuna.py CLASSPATH OUT.jsonl SEEDS EPOCHS TRIALS WORKERS
"""
import json
import math
import subprocess
import sys
import time

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution
from optuna.trial import TrialState

optuna.logging.set_verbosity(optuna.logging.ERROR)

LR = FloatDistribution(1e-5, 1e-2, log=True)
SUITE = [
    ("log-sensitive", {"learning_rate": LR}),
    ("noisy", {"learning_rate": LR}),
    ("multimodal", {"weight_decay": FloatDistribution(0, 0.1), "warmup_ratio": FloatDistribution(0, 0.2)}),
    ("batch-lr", {"learning_rate": FloatDistribution(1e-6, 1e-3, log=True),
                  "per_device_train_batch_size": CategoricalDistribution([4, 8, 16, 32, 64, 128])}),
    ("crossing", {"learning_rate": LR}),
]


class Curves:
    """A CurveServer child process: one JSON request and one JSON answer per line."""

    def __init__(self, classpath):
        self.proc = subprocess.Popen(["java", "-cp", classpath, "sweep.bench.CurveServer"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)

    def ask(self, request):
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the curve server stopped")
        return json.loads(line)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def simulate(curves, problem, space, sampler, pruner, seed, workers, epochs, max_trials, max_epochs, prior=()):
    """SimulatedSweep, step for step: fill free workers in order, then one epoch per busy worker in order. The
    study starts with the finished trials `prior` (study.add_trials); it is returned as the fourth value."""
    # A fixed name: HyperbandPruner draws each trial's bracket from the study name and the trial number.
    study = optuna.create_study(study_name=f"{problem}-{seed}", direction="maximize", sampler=sampler,
                                pruner=pruner)
    if prior:
        study.add_trials(prior)
    slots = [None] * workers
    started = 0
    ended = 0
    spent = 0
    incumbent = -math.inf
    trajectory = []
    while True:
        for w in range(workers):
            if slots[w] is None and started < max_trials and spent < max_epochs:
                trial = study.ask()
                params = {name: (trial.suggest_categorical(name, d.choices)
                                 if isinstance(d, CategoricalDistribution)
                                 else trial.suggest_float(name, d.low, d.high, log=d.log))
                          for name, d in space.items()}
                curve = curves.ask({"problem": problem, "seed": seed, "number": started, "epochs": epochs,
                                    "params": params})
                slots[w] = {"trial": trial, "noisy": curve["noisy"], "clean": curve["clean"], "epoch": 0,
                            "best": -math.inf}
                started += 1
        busy = False
        for w in range(workers):
            if spent >= max_epochs:
                break
            s = slots[w]
            if s is None:
                continue
            busy = True
            s["epoch"] += 1
            e = s["epoch"]
            v = s["noisy"][e - 1]
            s["best"] = max(s["best"], v)
            spent += 1
            if v > incumbent:
                incumbent = v
                trajectory.append([spent, s["clean"][e - 1]])
            s["trial"].report(v, e)
            if e == epochs:
                study.tell(s["trial"], s["best"])
            elif pruner is not None and s["trial"].should_prune():
                study.tell(s["trial"], state=TrialState.PRUNED)
            else:
                continue
            slots[w] = None
            ended += 1
        if not busy or spent >= max_epochs or ended >= max_trials:
            return spent, started, trajectory, study


def main():
    classpath, out, seeds, epochs, trials, workers = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:7])
    curves = Curves(classpath)
    with open(out, "w") as f:
        for problem, space in SUITE:
            optimum = curves.ask({"optimum": problem, "epochs": epochs})["optimum"]
            for sampler_name in ("random", "tpe"):
                for pruner_name in ("none", "hyperband"):
                    for mode in ("budget", "trials"):
                        t0 = time.time()
                        for seed in range(seeds):
                            sampler = (optuna.samplers.RandomSampler(seed=seed) if sampler_name == "random"
                                       else optuna.samplers.TPESampler(seed=seed, constant_liar=True))
                            pruner = (optuna.pruners.HyperbandPruner(min_resource=1, max_resource=epochs,
                                                                     reduction_factor=3)
                                      if pruner_name == "hyperband" else None)
                            spent, n, trajectory, _ = simulate(
                                curves, problem, space, sampler, pruner, seed, workers, epochs,
                                trials if mode == "trials" else 1 << 30,
                                trials * epochs if mode == "budget" else 1 << 30)
                            f.write(json.dumps({"tool": "optuna", "sampler": sampler_name, "pruner": pruner_name,
                                                "problem": problem, "mode": mode, "seed": seed, "optimum": optimum,
                                                "spent": spent, "trials": n, "trajectory": trajectory}) + "\n")
                        print("optuna %-13s %-6s %-9s %-6s %6.1f s" % (problem, sampler_name, pruner_name, mode,
                                                                     time.time() - t0), file=sys.stderr, flush=True)
    curves.close()


if __name__ == "__main__":
    main()
