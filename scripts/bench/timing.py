"""What the PyTorch sides of the training benchmarks share, as sweep's StepBenchmark does for the DJL sides: the
median time of a call after warm-up, peak resident memory, the rate of a float matrix product, and the FLOPs of
convolutions and matrix products that torch.profiler counts."""
import json
import resource
import statistics
import sys
import time

import torch

# what torch.profiler's with_flops counts as matrix work (it also counts elementwise aten::mul and aten::add)
MATRIX_OPS = ("aten::conv2d", "aten::mm", "aten::addmm", "aten::bmm")


def median_seconds(warmup, calls, *fns):
    """Runs the functions in turn (the first, the second..., then the first again), warmup times untimed, then
    calls times; each one's median seconds, a list (in turn, what else runs on the machine slows each about as much,
    and a call slowed by it moves the median less than the mean)."""
    for _ in range(warmup):
        for fn in fns:
            fn()
    seconds = [[] for _ in fns]
    for _ in range(calls):
        for fn, times in zip(fns, seconds):
            begin = time.perf_counter()
            fn()
            times.append(time.perf_counter() - begin)
    return [statistics.median(times) for times in seconds]


def minor_faults():
    """The minor page faults this process has taken so far: pages the kernel had to map in."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def peak_rss_mb():
    """VmHWM of this process, in MiB."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024


def matmul_gflops(threads, size=512):
    """GFLOP/s of a size x size float matrix product: the median of a hundred products after a warm-up."""
    torch.set_num_threads(threads)
    a, b = torch.randn(size, size), torch.randn(size, size)
    return 2 * size ** 3 / median_seconds(5, 100, lambda: a @ b)[0] / 1e9


def forward_matrix_flops(fn):
    """The FLOPs of the convolutions and matrix products fn runs, as torch.profiler counts them (with_flops)."""
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU], with_flops=True) as prof:
        fn()
    return sum(e.flops for e in prof.key_averages() if e.key in MATRIX_OPS)


def print_flops(fn):
    """One JSON line: the forward pass's FLOPs (forward_matrix_flops) and three times that for a training step, the
    backward pass counted as twice the forward."""
    forward = forward_matrix_flops(fn)
    print(json.dumps({"forward_flops": forward, "step_flops": 3 * forward}))


if __name__ == "__main__":
    # timing.py matmul THREADS
    print(json.dumps({"gflops": round(matmul_gflops(int(sys.argv[2])), 1)}))
