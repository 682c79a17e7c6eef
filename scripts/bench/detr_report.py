#!/usr/bin/env python3
"""Writes results/bench/detr.md (to stdout) from what scripts/bench-detr.sh measured into WORK: meta.json, the
matrix-product rates (matmul-djl-1, -2, matmul-torch-1, -2), and per model NAME.djl, NAME.torch, NAME.flops (one JSON
line each; NAME.djl-kept, NAME.torch-kept: with glibc keeping freed memory), listed in detr.list (name|config.json|batch) and layoutlm.list (name|model|batch).

usage: detr_report.py WORK
"""
import json
import os
import sys
import textwrap


def read(work, name):
    with open(os.path.join(work, name)) as f:
        return json.loads(f.read().strip().splitlines()[-1])


def rows(work, listing):
    path = os.path.join(work, listing)
    with open(path) as f:
        return [line.rstrip("\n").split("|", 2) for line in f if line.strip()]


def section(title, prose, columns):
    """A section's heading, its prose and the head of its table."""
    head = "| " + " | ".join(columns) + " |"
    return ["", "## " + title, "", textwrap.fill(prose, 118), "", head, "|---" * len(columns) + "|"]


def describe(config):
    c = json.loads(config)
    k = c["backbone_kwargs"]
    return ("d_model %d, %d queries%s, %d encoder + %d decoder layers, backbone channels %s (stem %d), "
            "feature indices %s" % (c["d_model"], c["num_queries"], ", box refinement" if c["with_box_refine"] else "",
                                    c["encoder_layers"], c["decoder_layers"], k["channels"], k["stem_width"],
                                    k["out_indices"]))


def main():
    work = sys.argv[1]
    with open(os.path.join(work, "meta.json")) as f:
        m = json.load(f)
    djl_rates = [read(work, "matmul-djl-%d" % i)["gflops"] for i in (1, 2)]
    torch_rates = [read(work, "matmul-torch-%d" % i)["gflops"] for i in (1, 2)]
    djl_limit, torch_limit = max(djl_rates), max(torch_rates)
    detr = rows(work, "detr.list")
    out = ["# Deformable DETR training step: sweep (DJL %s, PyTorch engine) vs PyTorch eager" % m["djl"], ""]
    out += textwrap.wrap(
        "Made by `scripts/bench-detr.sh %d` on %s, %d CPUs (%s), %d threads each side (sweep: one inter-op thread)."
        % (m["threads"], m["date"], m["cpus"], m["cpu"], m["threads"])
        + " sweep: %s, DJL %s on libtorch %s. Peer: Debian python3-torch %s with BLAS %s."
        % (m["java"], m["djl"], m["libtorch"], m["torch"], m["blas"])
        + " Load average (1, 5, 15 min) before the run: %s; after: %s (the benchmark itself adds about %d). The "
        "machine is shared with other work, so every time below is a median, of steps or runs, after warm-up."
        % (m["load_before"], m["load_after"], m["threads"]), 118)
    out += section(
        "The step against PyTorch",
        "One step, as a detection trial from scratch takes it: forward, Hungarian matching and the loss with the "
        "auxiliary layers' (focal class loss, L1, GIoU), backward, global-norm clipping at 0.1, AdamW in the trial's "
        "three groups (rate 5e-4, the backbone's 2e-4, weight decay 1e-4 but for biases and LayerNorm weights). Every "
        "convolution trains, batch norms stay frozen, dropout 0; float32. sweep's side is `DetrTrainBenchmark`: "
        "production classes (`DeformableDetrModel`, `DetectionFamily`'s loss, the trial's optimizer groups), and the "
        "batch padded from its pages each step, as a trial does. PyTorch's side is `scripts/bench/detr_torch.py`: the "
        "line-by-line transcription of Hugging Face's model and loss in scripts/reference (its float64 position "
        "embeddings, valid ratios and reference points cast to float32), weights as leaf tensors, "
        "`torch.optim.AdamW`, `clip_grad_norm_`, scipy's `linear_sum_assignment`; its input tensors are made once. "
        "Fixed seeded random pixels and boxes; both sides start from random weights (not the same ones). "
        "Steps per second = 1 / the median timed step; peak RSS = VmHWM after the timed steps (and the sampling runs "
        "between them, which need less). "
        "Ratio = sweep / PyTorch.",
        ["model", "batch x image", "sweep steps/s", "PyTorch steps/s", "ratio", "sweep peak RSS MiB",
         "PyTorch peak RSS MiB", "ratio"])
    for name, config, batch in detr:
        d, p = read(work, name + ".djl"), read(work, name + ".torch")
        if d["levels"] != p["levels"]:
            sys.exit("feature levels differ for %s: sweep %s, PyTorch %s" % (name, d["levels"], p["levels"]))
        out.append("| %s | %s | %.2f | %.2f | %.2f | %.0f | %.0f | %.2f |" % (
            name, batch, d["steps_per_second"], p["steps_per_second"],
            d["steps_per_second"] / p["steps_per_second"], d["peak_rss_mb"], p["peak_rss_mb"],
            d["peak_rss_mb"] / p["peak_rss_mb"]))
    out += [""] + ["- %s: %s." % (name, describe(config)) for name, config, _ in detr]
    out += [""] + textwrap.wrap(
        "sweep's steps whose gradients were not finite (set to zero and not applied, so that the weights stay finite; "
        "warm-up steps included): %s. PyTorch's side does not check." % "; ".join(
            "%s %d, with memory kept %d" % (name, read(work, name + ".djl")["non_finite_steps"],
                                             read(work, name + ".djl-kept")["non_finite_steps"])
            for name, _, _ in detr), 118)
    out += section(
        "Deformable sampling",
        "The sampling of one step (the multi-scale deformable attention's core, forward and backward) timed alone on "
        "random inputs of the step's shapes: per encoder layer every position of every feature level is a query, per "
        "decoder layer the object queries are; values, sampling locations and attention weights all take gradients. "
        "sweep's is `DeformableSampling.attend` (bilinear sampling built from `gather`, DJL having no `grid_sample`), "
        "timed by `SamplingTimer`; PyTorch's is the transcription's `multi_scale_deformable_attention` "
        "(`F.grid_sample`) with the shapes recorded from its own step. Each side runs it in turn with its timed steps "
        "(a step, a sampling run, a step...), so that other processes slow both alike; the median run divided by the "
        "median step. Timed apart from the step, the share is an estimate of the step's own.",
        ["model", "feature levels (h x w)", "sweep ms per step", "share of sweep's step", "PyTorch ms per step",
         "share of PyTorch's step"])
    for name, _, _ in detr:
        d, p = read(work, name + ".djl"), read(work, name + ".torch")
        out.append("| %s | %s | %.0f | %.0f%% | %.0f | %.0f%% |" % (
            name, d["levels"], d["sampling_ms"], 100 * d["sampling_share"], p["sampling_ms"],
            100 * p["sampling_share"]))
    out += section(
        "Page faults",
        "Minor page faults per timed step (`/proc/self/stat` on sweep's side, `getrusage` on PyTorch's; the sampling "
        "runs between the steps take next to none): the pages a step's allocations took fresh from the kernel, each "
        "one mapped in and zeroed. Both sides ran a second time with glibc's malloc keeping freed memory "
        "(`MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=2147483648`: blocks up to 32 MiB come from the heap, "
        "and the heap is not given back), nothing else changed.",
        ["model", "sweep faults per step", "PyTorch faults per step", "memory kept: sweep steps/s",
         "PyTorch steps/s", "ratio", "sweep faults per step", "PyTorch faults per step", "sweep peak RSS MiB",
         "PyTorch peak RSS MiB"])
    for name, _, _ in detr:
        d, p, dk, pk = (read(work, name + suffix) for suffix in (".djl", ".torch", ".djl-kept", ".torch-kept"))
        out.append("| %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.0f | %.0f | %.0f | %.0f |" % (
            name, d["minor_faults_per_step"], p["minor_faults_per_step"], dk["steps_per_second"],
            pk["steps_per_second"], dk["steps_per_second"] / pk["steps_per_second"], dk["minor_faults_per_step"],
            pk["minor_faults_per_step"], dk["peak_rss_mb"], pk["peak_rss_mb"]))
    out += section(
        "Achieved FLOP/s against the matrix-product rate",
        "The limit on this machine: a 512 x 512 float matrix product (median of 100 after 5) runs at %s GFLOP/s under "
        "DJL's libtorch (before and after the run; the higher is the limit below) and at %s GFLOP/s under Debian's."
        % (" and ".join("%.1f" % r for r in djl_rates), " and ".join("%.1f" % r for r in torch_rates))
        + " FLOPs per step: torch.profiler (`with_flops`) over the PyTorch side's forward pass (with the loss) of the "
        "same model and batch, counting convolutions and matrix products only (`aten::conv2d`, `mm`, `addmm`, "
        "`bmm`; not elementwise operations, normalisation, the sampling or embedding lookups), times 3 for a training "
        "step (backward counted as twice the forward). Achieved = FLOPs per step x steps per second; the fraction is "
        "of the same side's own matrix-product limit. LayoutLM's models are bench-train.sh's (dropout 0.1; a quarter "
        "of its steps), sweep's side only.",
        ["step", "batch", "GFLOP per step", "sweep steps/s", "sweep GFLOP/s", "of DJL's matmul", "PyTorch steps/s",
         "PyTorch GFLOP/s", "of Debian's matmul", "sweep with memory kept: of DJL's matmul"])
    for name, model, batch in detr + rows(work, "layoutlm.list"):
        flops = read(work, name + ".flops")["step_flops"] / 1e9
        d = read(work, name + ".djl")
        achieved = flops * d["steps_per_second"]
        label = model if name.startswith("layoutlm") else "DETR " + name
        row = "| %s | %s | %.2f | %.2f | %.1f | %.1f%% |" % (
            label, batch.split(",")[0], flops, d["steps_per_second"], achieved, 100 * achieved / djl_limit)
        if os.path.exists(os.path.join(work, name + ".torch")):
            p = read(work, name + ".torch")["steps_per_second"]
            kept = read(work, name + ".djl-kept")["steps_per_second"] * flops
            row += " %.2f | %.1f | %.1f%% | %.1f%% |" % (p, flops * p, 100 * flops * p / torch_limit,
                                                     100 * kept / djl_limit)
        else:
            row += " not run | | | |"
        out.append(row)
    out.append("")
    out.append("The validation mAP of the recipe's model for each lever (epochs, box refinement, queries, image size) is")
    out.append("measured by scripts/bench-detr-levers.sh: [detr-levers.md](detr-levers.md).")
    print("\n".join(out))


if __name__ == "__main__":
    main()
