"""Writes results/bench/hpo.md from the runs of both tools (JSON lines written by sweep.bench.HpoBench and
scripts/bench/hpo_optuna.py).

usage: hpo_report.py OUT.md|- RUNS.jsonl...   (-: standard output)
"""
import collections
import json
import math
import random
import statistics
import sys

CONFIGS = [("sweep", "random", "none"), ("sweep", "random", "hyperband"), ("sweep", "sobol", "none"),
           ("sweep", "sobol", "hyperband"), ("sweep", "tpe", "none"), ("sweep", "tpe", "hyperband"),
           ("optuna", "random", "none"), ("optuna", "random", "hyperband"), ("optuna", "tpe", "none"),
           ("optuna", "tpe", "hyperband")]
FRACTIONS = (0.1, 0.25, 0.5, 1.0)


def clean_at(run, epochs):
    """The noise-free score of the best-reported epoch after `epochs` epochs (None before the first report)."""
    value = None
    for spent, clean in run["trajectory"]:
        if spent > epochs:
            break
        value = clean
    return value


def regret_at(run, epochs):
    c = clean_at(run, epochs)
    return run["optimum"] if c is None else run["optimum"] - c


def within_one_percent(run):
    for spent, clean in run["trajectory"]:
        if clean >= 0.99 * run["optimum"]:
            return spent
    return None


def rank_sum_p(a, b):
    """Two-sided p-value of the Mann-Whitney rank-sum test (normal approximation; ties get their average rank, the variance is not corrected for them)."""
    both = sorted((v, i) for i, v in enumerate(list(a) + list(b)))
    ranks = [0.0] * len(both)
    i = 0
    while i < len(both):
        j = i
        while j + 1 < len(both) and both[j + 1][0] == both[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[both[k][1]] = (i + j) / 2 + 1
        i = j + 1
    n1, n2 = len(a), len(b)
    u = sum(ranks[:n1]) - n1 * (n1 + 1) / 2
    sd = math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12)
    z = (u - n1 * n2 / 2) / sd if sd > 0 else 0.0
    return math.erfc(abs(z) / math.sqrt(2))


def median_difference_interval(a, b, resamples=2000):
    """95% percentile-bootstrap interval of median(a) - median(b), seeds resampled with replacement within each
    tool (a fixed generator, so the report is the same on every run)."""
    rng = random.Random(0)
    diffs = sorted(statistics.median(rng.choices(a, k=len(a))) - statistics.median(rng.choices(b, k=len(b)))
                   for _ in range(resamples))
    return diffs[int(0.025 * resamples)], diffs[int(0.975 * resamples) - 1]


def equal_budget(by, p, tool, sampler, budget):
    """Hyperband against no pruning at an equal epoch budget: no pruning's median best after the whole budget,
    hyperband's after a third of it, and the fewest epochs after which hyperband's median best is within 1% of
    no pruning's (None if it never is); None when either run is missing."""
    none = by.get((p, "budget", tool, sampler, "none"))
    hb = by.get((p, "budget", tool, sampler, "hyperband"))
    if not none or not hb:
        return None
    full = statistics.median(clean_at(r, budget) or 0.0 for r in none)
    third = statistics.median(clean_at(r, budget // 3) or 0.0 for r in hb)
    points = sorted({spent for r in hb for spent, _ in r["trajectory"] if spent <= budget})
    needed = next((e for e in points if statistics.median(clean_at(r, e) or 0.0 for r in hb) >= 0.99 * full), None)
    return full, third, needed


def label(config):
    tool, sampler, pruner = config
    return f"{tool} {sampler}" + (" + hyperband" if pruner == "hyperband" else "")


def summary(by, problems, budget):
    """The two targets, computed from the same runs as the tables below."""
    out = ["## Summary", ""]
    for sampler in ("random", "sobol", "tpe"):
        ratios, changes, met = [], [], 0
        for p in problems:
            none = by[(p, "trials", "sweep", sampler, "none")]
            hb = by[(p, "trials", "sweep", sampler, "hyperband")]
            e0 = statistics.median(r["spent"] for r in none)
            e1 = statistics.median(r["spent"] for r in hb)
            b0 = statistics.median(clean_at(r, 1 << 30) for r in none)
            b1 = statistics.median(clean_at(r, 1 << 30) for r in hb)
            ratios.append(e1 / e0)
            changes.append((b1 - b0) / b0 * 100)
            met += e1 <= e0 / 3 and b1 >= 0.99 * b0
        out.append(f"- Hyperband with sweep {sampler}, same number of trials: spends {min(ratios):.2f} to "
                   f"{max(ratios):.2f} of the epochs without pruning; median best changes by {min(changes):+.2f}% to "
                   f"{max(changes):+.2f}%. Both targets (at most a third, within 1%) met on {met} of "
                   f"{len(problems)} problems.")
        needs = [equal_budget(by, p, "sweep", sampler, budget)[2] for p in problems]
        fractions = [n / budget if n is not None else None for n in needs]
        shown = ", ".join(f"{p} {f:.2f}" if f is not None else f"{p} never" for p, f in zip(problems, fractions))
        out.append(f"  Same epoch budget: hyperband's median best comes within 1% of no pruning's full-budget median "
                   f"best after this share of the budget: {shown}; at most a third on "
                   f"{sum(f is not None and f <= 1 / 3 for f in fractions)} of {len(problems)} problems.")
    rows = []
    for p in problems:
        for pruner in ("none", "hyperband"):
            s = statistics.median(regret_at(r, budget) for r in by[(p, "budget", "sweep", "tpe", pruner)])
            o = statistics.median(regret_at(r, budget) for r in by[(p, "budget", "optuna", "tpe", pruner)])
            low, high = median_difference_interval(
                [regret_at(r, budget) for r in by[(p, "budget", "sweep", "tpe", pruner)]],
                [regret_at(r, budget) for r in by[(p, "budget", "optuna", "tpe", pruner)]])
            rows.append((p, pruner, s <= o, low, high))
    worse = [f"{p} ({pruner})" for p, pruner, ok, _, _ in rows if not ok]
    out.append(f"- sweep's TPE against Optuna's TPE, median regret at the full budget: no worse in "
               f"{sum(ok for _, _, ok, _, _ in rows)} of {len(rows)} problem/pruning pairs"
               + (f"; worse in {', '.join(worse)}." if worse else "."))
    clearly_worse = [f"{p} ({pruner})" for p, pruner, _, low, _ in rows if low > 0]
    clearly_better = [f"{p} ({pruner})" for p, pruner, _, _, high in rows if high < 0]
    out.append(f"  The 95% bootstrap interval of the difference of medians lies wholly above zero (sweep worse) in "
               f"{len(clearly_worse)} pair(s){': ' + ', '.join(clearly_worse) if clearly_worse else ''}, and wholly "
               f"below zero (sweep better) in {len(clearly_better)}"
               f"{': ' + ', '.join(clearly_better) if clearly_better else ''}.")
    out.append("")
    return out


def main():
    out = sys.argv[1]
    runs = [json.loads(line) for path in sys.argv[2:] for line in open(path)]
    by = collections.defaultdict(list)
    for r in runs:
        by[(r["problem"], r["mode"], r["tool"], r["sampler"], r["pruner"])].append(r)
    problems = list(dict.fromkeys(r["problem"] for r in runs))
    budget = max(r["spent"] for r in runs if r["mode"] == "budget")
    lines = []

    lines += ["## Median regret against epochs spent (equal epoch budgets)", "",
              f"Regret: optimum - noise-free score of the best-reported epoch so far, median over seeds, after "
              f"{', '.join(f'{int(f * 100)}%' for f in FRACTIONS)} of the {budget}-epoch budget.", ""]
    for p in problems:
        lines += [f"**{p}** (optimum {by[(p, 'budget', 'sweep', 'random', 'none')][0]['optimum']:.4f}; median "
                  f"trials started in brackets)", "",
                  "| config | " + " | ".join(f"{int(f * budget)} ep" for f in FRACTIONS) + " |",
                  "|---|" + "---:|" * len(FRACTIONS)]
        for c in CONFIGS:
            rs = by.get((p, "budget") + c)
            if not rs:
                continue
            cells = [f"{statistics.median(regret_at(r, int(f * budget)) for r in rs):.4f}" for f in FRACTIONS]
            lines.append(f"| {label(c)} ({statistics.median(r['trials'] for r in rs):.0f}) | " + " | ".join(cells)
                         + " |")
        lines.append("")

    lines += ["## Epochs needed to come within 1% of the optimum", "",
              "Median over seeds of the epochs spent until the best-reported epoch's noise-free score is at least "
              "99% of the optimum (a seed that never gets there counts as never; `>B` when the median does not), "
              "and how many seeds got there.", "",
              "| config | " + " | ".join(problems) + " |", "|---|" + "---:|" * len(problems)]
    for c in CONFIGS:
        cells = []
        for p in problems:
            rs = by.get((p, "budget") + c, [])
            hits = [within_one_percent(r) for r in rs]
            keyed = sorted(h if h is not None else float("inf") for h in hits)
            med = statistics.median(keyed) if keyed else float("inf")
            got = sum(h is not None for h in hits)
            cells.append(f"{med:.0f} ({got}/{len(rs)})" if med != float("inf") else f">B ({got}/{len(rs)})")
        lines.append(f"| {label(c)} | " + " | ".join(cells) + " |")
    lines.append("")

    trials = max(r["trials"] for r in runs if r["mode"] == "trials")
    lines += ["## Hyperband against no pruning at an equal number of trials", "",
              f"{trials} trials each; median epochs spent, and median noise-free score of the best-reported epoch "
              "at the end. Target: hyperband spends at most a third of the epochs and its median best is within "
              "1% of no pruning's.", "",
              "| sampler | problem | epochs, none | epochs, hyperband | ratio | best, none | best, hyperband | "
              "best change | target met |", "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for tool, sampler in (("sweep", "random"), ("sweep", "sobol"), ("sweep", "tpe"), ("optuna", "random"),
                          ("optuna", "tpe")):
        for p in problems:
            none = by.get((p, "trials", tool, sampler, "none"))
            hb = by.get((p, "trials", tool, sampler, "hyperband"))
            if not none or not hb:
                continue
            e0 = statistics.median(r["spent"] for r in none)
            e1 = statistics.median(r["spent"] for r in hb)
            b0 = statistics.median(clean_at(r, 1 << 30) for r in none)
            b1 = statistics.median(clean_at(r, 1 << 30) for r in hb)
            ok = e1 <= e0 / 3 and b1 >= 0.99 * b0
            lines.append(f"| {tool} {sampler} | {p} | {e0:.0f} | {e1:.0f} | {e1 / e0:.2f} | {b0:.4f} | {b1:.4f} | "
                         f"{(b1 - b0) / b0 * 100:+.2f}% | {'yes' if ok else 'no'} |")
    lines.append("")

    lines += ["## Hyperband against no pruning at an equal epoch budget", "",
              f"The same question asked of the budget runs ({budget} epochs each): no pruning's median best after the "
              "whole budget, hyperband's median best after a third of it, and the fewest epochs after which "
              "hyperband's median best is within 1% of no pruning's full-budget one. Target met: at most a third.",
              "", "| sampler | problem | best, none, all | best, hyperband, a third | change | hyperband needs | "
              "share | target met |", "|---|---|---:|---:|---:|---:|---:|---|"]
    for tool, sampler in (("sweep", "random"), ("sweep", "sobol"), ("sweep", "tpe"), ("optuna", "random"),
                          ("optuna", "tpe")):
        for p in problems:
            row = equal_budget(by, p, tool, sampler, budget)
            if row is None:
                continue
            full, third, needed = row
            lines.append(f"| {tool} {sampler} | {p} | {full:.4f} | {third:.4f} | {(third - full) / full * 100:+.2f}% | "
                         + (f"{needed} | {needed / budget:.2f} | {'yes' if needed <= budget / 3 else 'no'} |"
                            if needed is not None else f">{budget} | | no |"))
    lines.append("")

    lines += ["## sweep's TPE against Optuna's TPE at equal budget", "",
              "Median regret over seeds after half and all of the epoch budget; `no worse` when sweep's median "
              "regret is at most Optuna's; p: two-sided Mann-Whitney rank-sum test of the two tools' regrets at the "
              "full budget over the seeds (small: the difference is unlikely to be seed-to-seed chance); interval: "
              "95% percentile bootstrap of sweep's median minus Optuna's at the full budget (2000 resamples of the "
              "seeds; an interval that holds 0 cannot tell the two apart).", "",
              "| problem | pruning | sweep, half | Optuna, half | sweep, all | Optuna, all | p | sweep - Optuna, 95% interval "
              "| sweep no worse (all) |",
              "|---|---|---:|---:|---:|---:|---:|---|---|"]
    for p in problems:
        for pruner in ("none", "hyperband"):
            s = by.get((p, "budget", "sweep", "tpe", pruner))
            o = by.get((p, "budget", "optuna", "tpe", pruner))
            if not s or not o:
                continue
            sh = statistics.median(regret_at(r, budget // 2) for r in s)
            oh = statistics.median(regret_at(r, budget // 2) for r in o)
            sa = statistics.median(regret_at(r, budget) for r in s)
            oa = statistics.median(regret_at(r, budget) for r in o)
            pv = rank_sum_p([regret_at(r, budget) for r in s], [regret_at(r, budget) for r in o])
            low, high = median_difference_interval([regret_at(r, budget) for r in s],
                                                   [regret_at(r, budget) for r in o])
            lines.append(f"| {p} | {pruner} | {sh:.5f} | {oh:.5f} | {sa:.5f} | {oa:.5f} | {pv:.2f} | "
                         f"{sa - oa:+.5f} [{low:+.5f}, {high:+.5f}] | {'yes' if sa <= oa else 'no'} |")
    lines.append("")
    lines = summary(by, problems, budget) + lines
    text = "\n".join(lines) + "\n"
    if out == "-":
        sys.stdout.write(text)
    else:
        with open(out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
