"""reaper.py COMMAND [ARG...]: runs COMMAND as a child subreaper; exits with its status once nothing is left below.

A process orphaned below COMMAND (a job's program that left its tree) is re-parented here instead of to PID 1 and
reaped, so it leaves no zombie: where PID 1 reaps nothing (some containers), a zombie still counts as a member of a
Slurm job's process group, and the job would stay COMPLETING until slurmd gives up on it. Signals are passed on.
"""
import ctypes
import os
import signal
import sys

PR_SET_CHILD_SUBREAPER = 36
ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
child = os.fork()
if child == 0:
    os.execvp(sys.argv[1], sys.argv[1:])


def forward(sig, _frame):
    try:
        os.kill(child, sig)
    except ProcessLookupError:
        pass


for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(s, forward)
status = 0
while True:
    try:
        pid, st = os.wait()
    except ChildProcessError:
        break
    except InterruptedError:
        continue
    if pid == child:
        status = os.waitstatus_to_exitcode(st)
sys.exit(status if status >= 0 else 128 - status)
