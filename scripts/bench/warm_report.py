"""The warm-start section of results/bench/hpo.md, from the night-2 runs of both tools (JSON lines written by
sweep.bench.WarmBench and scripts/bench/warm_optuna.py).

usage: warm_report.py BUDGET RUNS.jsonl...   (writes Markdown to standard output)
"""
import collections
import json
import random
import statistics
import sys

PROBLEMS = ["log-sensitive", "noisy", "multimodal", "batch-lr", "crossing"]
CONFIGS = [("sweep", "none"), ("sweep", "hyperband"), ("optuna", "none")]
RESAMPLES = 10000


def reached(run, budget):
    """Epochs spent until the incumbent's noise-free score is within 1% of the optimum; the budget if never."""
    for spent, clean in run["trajectory"]:
        if clean >= 0.99 * run["optimum"]:
            return spent, True
    return budget, False


def regret(run):
    return run["optimum"] - (run["trajectory"][-1][1] if run["trajectory"] else 0.0)


def bootstrap(diffs, rng):
    """The mean of paired differences and its 95% percentile bootstrap interval."""
    n = len(diffs)
    means = sorted(sum(diffs[rng.randrange(n)] for _ in range(n)) / n for _ in range(RESAMPLES))
    return sum(diffs) / n, means[int(0.025 * RESAMPLES)], means[int(0.975 * RESAMPLES) - 1]


def main():
    budget = int(sys.argv[1])
    runs = collections.defaultdict(dict)
    for path in sys.argv[2:]:
        for line in open(path):
            r = json.loads(line)
            runs[(r["tool"], r["pruner"], r["problem"])].setdefault(r["seed"], {})[r["start"]] = r
    rng = random.Random(1)
    print("| problem | config | epochs to 1%: cold | warm | cold - warm (mean, 95% CI) | reached cold / warm |"
          " median regret: cold | warm | regret warm - cold (mean, 95% CI) |")
    print("|---|---|---:|---:|---|---:|---:|---:|---|")
    verdicts = collections.defaultdict(list)
    for problem in PROBLEMS:
        for tool, pruner in CONFIGS:
            by_seed = runs.get((tool, pruner, problem))
            if not by_seed:
                continue
            seeds = sorted(s for s, v in by_seed.items() if "cold" in v and "warm" in v)
            cold = [reached(by_seed[s]["cold"], budget) for s in seeds]
            warm = [reached(by_seed[s]["warm"], budget) for s in seeds]
            d_mean, d_lo, d_hi = bootstrap([c[0] - w[0] for c, w in zip(cold, warm)], rng)
            rc = [regret(by_seed[s]["cold"]) for s in seeds]
            rw = [regret(by_seed[s]["warm"]) for s in seeds]
            g_mean, g_lo, g_hi = bootstrap([w - c for c, w in zip(rc, rw)], rng)
            name = f"{tool} tpe" + (" + hyperband" if pruner == "hyperband" else "")
            print(f"| {problem} | {name} | {statistics.median(c[0] for c in cold):.0f} |"
                  f" {statistics.median(w[0] for w in warm):.0f} | {d_mean:+.0f} [{d_lo:+.0f}, {d_hi:+.0f}] |"
                  f" {sum(c[1] for c in cold)} / {sum(w[1] for w in warm)} of {len(seeds)} |"
                  f" {statistics.median(rc):.4f} | {statistics.median(rw):.4f} |"
                  f" {g_mean:+.4f} [{g_lo:+.4f}, {g_hi:+.4f}] |")
            fewer = d_lo > 0
            no_worse = g_lo <= 0 <= g_hi or g_hi < 0
            verdicts[name].append((problem, fewer, no_worse))
    print()
    for name, vs in verdicts.items():
        wins = [p for p, fewer, no_worse in vs if fewer and no_worse]
        print(f"- {name}: warm reaches within 1% in fewer epochs, the interval excluding 0, with regret no worse"
              f" (its interval not above 0), on {len(wins)} of {len(vs)} problems"
              + (f" ({', '.join(wins)})" if wins else "") + ".")


if __name__ == "__main__":
    main()
