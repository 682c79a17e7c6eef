# A stand-in for a W&B sweep's program: checks that it got the arguments and environment W&B's agent gives
# (rendered here by Python itself from the run's parameters), then reports one epoch of the sweep's metric (the
# test writes its name for STAND_IN_METRIC).
import json
import os
import sys

def params():
    lines = open(os.environ["WANDB_SWEEP_PARAM_PATH"]).read().split("\n")
    assert lines[0] == "wandb_version: 1", lines[0]
    out = {}
    for i, line in enumerate(lines):
        if line.startswith("  value: "):
            out[lines[i - 1][:-1]] = json.loads(line[len("  value: "):])
    return out


def contains(argv, part):
    return any(argv[i:i + len(part)] == part for i in range(len(argv) - len(part) + 1))


def main():
    for var in ("WANDB_SWEEP_ID", "WANDB_RUN_ID", "WANDB_SWEEP_PARAM_PATH"):
        assert os.environ.get(var), var + " is not set"
    p = sorted(params().items())
    styles = {
        "args": ["--%s=%s" % (k, v) for k, v in p],
        "args_no_hyphens": ["%s=%s" % (k, v) for k, v in p],
    }
    argv = sys.argv[1:]
    if not any(contains(argv, s) for s in styles.values()):
        sys.stderr.write("arguments %r are none of %r\n" % (argv, styles))
        sys.exit(3)
    print(json.dumps({"epoch": 1, "STAND_IN_METRIC": 0.5}), flush=True)


main()
