"""sweep's stand-in for the W&B client: a training script written for wandb runs unmodified, offline, as a trial.

sweep puts this module first on a command trial's PYTHONPATH (unless the spec says ``wandb: real``). It keeps
wandb's behaviour for what a trial needs and does nothing for the rest:

* ``wandb.init(config=...)`` makes ``wandb.run`` and ``wandb.config``. The config is built as wandb builds it:
  ``config-defaults.yaml`` and ``WANDB_CONFIG_PATHS`` files, then ``init(config=...)`` (a dict, an argparse
  namespace or a YAML file name), then the sweep's parameters (``SWEEP_PARAMS_JSON``, and ``WANDB_SWEEP_PARAM_PATH``
  where set), which are locked: the sweep's values win over the script's defaults and later updates. A parameter
  named ``a.b`` sets ``config["a"]["b"]``.
* ``wandb.config``: attribute and item access, ``update(d, allow_val_change=)``, ``setdefaults``, ``keys``,
  ``items``, ``get``, ``as_dict``; nested values are plain dicts, as in wandb.
* ``wandb.log(data, step=None, commit=None)`` keeps wandb's step rules: each call commits a step unless
  ``commit=False`` or a ``step`` is given (then the data accumulates until a later step or ``commit=True``). Each
  committed step that holds the sweep's metric (``SWEEP_METRIC``) is one epoch: it is printed on stdout as a JSON
  line with every number of that step (nested dicts flattened with ``.``; images, tables and other values left
  out), which is how sweep judges the trial for pruning and early stopping. A pruned trial is stopped with SIGTERM.
* ``run.summary`` (each key's last value, or what ``define_metric(summary=...)`` asks for), ``define_metric``,
  ``finish`` (``wandb-summary.json`` in the trial directory), ``wandb.agent(sweep_id, function)`` (calls the
  function once: the trial is the run).
* Anything else (``wandb.Table``, ``wandb.Image``, ``watch``, ``save``, ``alert``, ``Artifact``, ``login``...) is
  accepted and does nothing.
"""

import atexit
import fnmatch
import json
import math
import numbers
import os
import sys
import time

__version__ = "0.0.0+sweep"

_SHIM = True


class Error(Exception):
    """wandb's base error."""


class UsageError(Error):
    pass


class CommError(Error):
    pass


class ConfigError(Error):
    pass


def termlog(string="", newline=True, repeat=True, prefix=True):
    print(("wandb: " if prefix else "") + str(string), end="\n" if newline else "", file=sys.stderr, flush=True)


def termwarn(string, newline=True, repeat=True, prefix=True):
    termlog("WARNING " + str(string), newline=newline, prefix=prefix)


def termerror(string, newline=True, repeat=True, prefix=True):
    termlog("ERROR " + str(string), newline=newline, prefix=prefix)


class _NoOp:
    """What every call the stand-in does not map returns: callable, any attribute, a context manager."""

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        return _NoOp()

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _NoOp()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __iter__(self):
        return iter(())


def _noop(*args, **kwargs):
    return None


# ---- config ----------------------------------------------------------------------------------------------------


def _friendly(value):
    """wandb's json_friendly_val, for what a config holds: namespaces and dataclasses as dicts, tuples as lists."""
    if isinstance(value, dict):
        return {k: _friendly(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_friendly(v) for v in value]
    if hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        import dataclasses

        return _friendly(dataclasses.asdict(value))
    if type(value).__name__ == "Namespace":
        return _friendly(vars(value))
    if hasattr(value, "item") and getattr(value, "shape", None) == ():
        return value.item()
    return value


def _config_file(path, must_exist=False):
    """A wandb config file ({key: {value: v}}, YAML), as a dict; None when it is absent (and may be)."""
    if not os.path.exists(path):
        if must_exist:
            raise ConfigError(f"config file {path} doesn't exist")
        return None
    with open(path) as f:
        text = f.read()
    try:
        import yaml

        loaded = yaml.safe_load(text)
    except ImportError:
        try:
            loaded = json.loads(text)
        except ValueError:
            raise ConfigError(f"{path}: reading a YAML config file needs PyYAML (pip install pyyaml)") from None
    if loaded is None:
        return None
    version = loaded.pop("wandb_version", None)
    if version is not None and version != 1:
        raise ConfigError("Unknown config version")
    return {k: (v["value"] if isinstance(v, dict) and "value" in v else v) for k, v in loaded.items()}


def _as_dict(params):
    if isinstance(params, str):
        return _config_file(params, must_exist=True) or {}
    if isinstance(params, dict):
        return params
    if hasattr(params, "__dict__"):
        return {k: v for k, v in vars(params).items() if not k.startswith("_")}
    raise TypeError("config must be a dict or have a __dict__ attribute.")


def _merge(dest, src):
    """Recursive merge, as wandb's config_util.merge_dicts."""
    for key, value in src.items():
        if isinstance(value, dict) and isinstance(dest.get(key), dict):
            _merge(dest[key], value)
        else:
            dest[key] = value
    return dest


class Config:
    """The run's config, as wandb's: attributes and items, locked keys (the sweep's) ignored on update."""

    def __init__(self):
        object.__setattr__(self, "_items", {})
        object.__setattr__(self, "_locked", set())

    def __repr__(self):
        return str(dict(self))

    def keys(self):
        return [k for k in self._items if not k.startswith("_")]

    def items(self):
        return [(k, v) for k, v in self._items.items() if not k.startswith("_")]

    def values(self):
        return [v for _, v in self.items()]

    def as_dict(self):
        return dict(self)

    def get(self, *args):
        return self._items.get(*args)

    def __getitem__(self, key):
        return self._items[key]

    def __getattr__(self, key):
        if key.startswith("__") or key in ("_items", "_locked"):
            raise AttributeError(key)  # copy and pickle look for these before __init__ has run
        try:
            return self._items[key]
        except KeyError as e:
            raise AttributeError(f"{self.__class__!r} object has no attribute {key!r}") from e

    def __contains__(self, key):
        return key in self._items

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self.keys())

    def _is_locked(self, key, quiet=False):
        if key in self._locked:
            if not quiet:
                termwarn(f"Config item '{key}' was locked by 'sweep' (ignored update).")
            return True
        return False

    def _sanitize(self, key, val, allow_val_change=None):
        key = key.strip("-")
        val = _friendly(val)
        if not allow_val_change and key in self._items and val != self._items[key]:
            raise ConfigError(
                f'Attempted to change value of key "{key}" from {self._items[key]} to {val}\n'
                "If you really want to do this, pass allow_val_change=True to config.update()")
        return key, val

    def __setitem__(self, key, val):
        if self._is_locked(key.strip("-")):
            return
        key, val = self._sanitize(key, val)
        self._items[key] = val

    __setattr__ = __setitem__

    def update(self, d, allow_val_change=None):
        for key, val in _as_dict(d).items():
            if not self._is_locked(key.strip("-")):
                key, val = self._sanitize(key, val, allow_val_change)
                self._items[key] = val

    def setdefaults(self, d):
        for key, val in _as_dict(d).items():
            if key not in self._items:
                key, val = self._sanitize(key, val)
                self._items[key] = val

    def persist(self):
        pass

    def _merge_locked(self, d):
        for key, val in d.items():
            key, val = self._sanitize(key, val, allow_val_change=True)
            self._locked.add(key)
            if isinstance(val, dict) and isinstance(self._items.get(key), dict):
                self._items[key] = _merge(self._items[key], val)
            else:
                self._items[key] = val


def _sweep_params():
    """The sweep's parameters for this trial: sweep's file, then a wandb agent's; ``a.b`` nested as {a: {b: ...}}, and
    so is ``a__nested__b``, the name sweep gives a W&B file's nested parameter."""
    flat = {}
    path = os.environ.get("SWEEP_PARAMS_JSON")
    if path and os.path.exists(path):
        with open(path) as f:
            flat.update(json.load(f))
    if os.environ.get("WANDB_SWEEP_PARAM_PATH"):
        flat.update(_config_file(os.environ["WANDB_SWEEP_PARAM_PATH"], must_exist=True) or {})
    nested = {}
    for name, value in flat.items():
        parts = name.replace("__nested__", ".").split(".")
        at = nested
        for part in parts[:-1]:
            if not isinstance(at.get(part), dict):
                at[part] = {}
            at = at[part]
        at[parts[-1]] = value
    return nested


# ---- summary and metrics ---------------------------------------------------------------------------------------


_SUMMARY_KINDS = ("min", "max", "mean", "first", "last", "best", "none", "copy")


class _MetricSummary:
    def __init__(self):
        self.latest = self.first = None
        self.min = self.max = None
        self.total = 0.0
        self.count = 0
        self.seen = False

    def add(self, value, number):
        if not self.seen:
            self.first, self.seen = value, True
        self.latest = value
        if number is not None:
            self.min = number if self.min is None else min(self.min, number)
            self.max = number if self.max is None else max(self.max, number)
            self.total += number
            self.count += 1


class Summary:
    """``run.summary``: each key's last logged value unless set here or shaped by ``define_metric(summary=...)``."""

    def __init__(self, run):
        object.__setattr__(self, "_run", run)
        object.__setattr__(self, "_explicit", {})
        object.__setattr__(self, "_metrics", {})

    def _add(self, key, value, number):
        self._explicit.pop(key, None)
        self._metrics.setdefault(key, _MetricSummary()).add(value, number)

    def _value(self, key):
        if key in self._explicit:
            return self._explicit[key]
        m = self._metrics[key]
        kinds = self._run._summary_kinds(key)
        if kinds is None:
            return m.latest
        if "none" in kinds:
            raise KeyError(key)
        out = {}
        for kind in kinds:
            if kind in ("last", "copy"):
                out["last"] = m.latest
            elif kind == "first":
                out["first"] = m.first
            elif kind in ("min", "max") and m.count:
                out[kind] = getattr(m, kind)
            elif kind == "mean" and m.count:
                out["mean"] = m.total / m.count
        return out

    def _as_dict(self):
        out = {}
        for key in list(self._metrics) + list(self._explicit):
            try:
                out[key] = self._value(key)
            except KeyError:
                pass
        return out

    def keys(self):
        return list(self._as_dict())

    def items(self):
        return list(self._as_dict().items())

    def get(self, key, default=None):
        return self._as_dict().get(key, default)

    def __getitem__(self, key):
        return self._as_dict()[key]

    def __getattr__(self, key):
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError as e:
            raise AttributeError(key) from e

    def __setitem__(self, key, value):
        self._explicit[key] = _friendly(value)

    __setattr__ = __setitem__

    def __delitem__(self, key):
        self._explicit.pop(key, None)
        self._metrics.pop(key, None)

    def __contains__(self, key):
        return key in self._as_dict()

    def __iter__(self):
        return iter(self._as_dict())

    def __repr__(self):
        return str(self._as_dict())

    def update(self, d=None, **kwargs):
        for key, value in dict(d or {}, **kwargs).items():
            self[key] = value


def _scalar(value):
    """A logged value as a float, or None for what is not one number (images, tables, lists, strings)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):
        return float(value)
    if hasattr(value, "item") and getattr(value, "shape", None) in ((), (1,), [1]):
        try:
            item = value.item()
        except Exception:
            return None
        return _scalar(item)
    return None


def _flatten(data, prefix=""):
    out = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_flatten(value, prefix + str(key) + "."))
        else:
            out[prefix + str(key)] = value
    return out


def _json_number(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


# ---- the run ---------------------------------------------------------------------------------------------------


class Run:
    """What ``wandb.init`` returns; ``wandb.run`` while it lasts."""

    _epochs = 0  # epochs reported by this process, across runs: the trial's count
    _said_at = time.monotonic()

    def __init__(self, config, kwargs):
        self.config = config
        self.summary = Summary(self)
        trial_dir = os.environ.get("SWEEP_TRIAL_DIR") or os.getcwd()
        self.dir = trial_dir
        self.id = kwargs.get("id") or os.environ.get("WANDB_RUN_ID") or os.path.basename(trial_dir.rstrip("/"))
        self.name = kwargs.get("name") or self.id
        self.project = kwargs.get("project") or os.environ.get("WANDB_PROJECT") or "uncategorized"
        self.entity = kwargs.get("entity") or os.environ.get("WANDB_ENTITY")
        self.group = kwargs.get("group")
        self.job_type = kwargs.get("job_type")
        self.tags = tuple(kwargs.get("tags") or ())
        self.notes = kwargs.get("notes")
        self.mode = "offline"
        self.offline = True
        self.disabled = False
        self.resumed = False
        self.sweep_id = os.environ.get("WANDB_SWEEP_ID")
        self.url = None
        self.start_time = time.time()
        self._step = 0
        self._row = {}
        self._metric_defs = []
        self._finished = False

    @property
    def step(self):
        return self._step

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.finish(exit_code=0 if exc_type is None else 1)
        return False

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _noop

    def log(self, data, step=None, commit=None, sync=None):
        if self._finished:
            raise UsageError("You must call wandb.init() before wandb.log()")
        if not hasattr(data, "items"):
            raise TypeError("wandb.log must be passed a dictionary")
        if any(not isinstance(key, str) for key in data):
            raise TypeError("Key values passed to `wandb.log` must be strings.")
        if step is not None:
            if step < self._step:
                termwarn(f"Tried to log to step {step} that is less than the current step {self._step}. "
                         "Steps must be monotonically increasing, so this data will be ignored.")
                return
            if step > self._step:
                self._commit()
                self._step = step
        self._row.update(data)
        if (step is None and commit is None) or commit:
            self._commit()
            self._step += 1

    def _commit(self):
        """The pending step is final: into the summary and, when it holds the sweep's metric, out as an epoch."""
        if not self._row:
            return
        row, self._row = _flatten(self._row), {}
        numbers_ = {}
        for key, value in row.items():
            if not key.startswith("_") and not isinstance(value, _NoOp):
                x = _scalar(value)
                self.summary._add(key, value if x is None or isinstance(value, numbers.Real) else x, x)
                if x is not None:
                    numbers_[key] = x
        metric = os.environ.get("SWEEP_METRIC")
        if metric and metric in numbers_:
            Run._epochs += 1
            numbers_.pop("epoch", None)
            line = {"epoch": Run._epochs}
            line.update({k: _json_number(v) for k, v in numbers_.items()})
            print(json.dumps(line), flush=True)
            Run._said_at = time.monotonic()
        elif metric and time.monotonic() - Run._said_at > 60:
            # a sign of life between epochs, for a trial's heartbeat, at most once a minute
            shown = ", ".join(f"{k}={v:.6g}" for k, v in list(numbers_.items())[:6])
            termlog(f"step {self._step}: {shown}")
            Run._said_at = time.monotonic()

    def define_metric(self, name, step_metric=None, step_sync=None, hidden=None, summary=None, goal=None,
                      overwrite=None, **kwargs):
        if summary is not None:
            kinds = [k.strip() for k in summary.split(",") if k.strip()]
            for kind in kinds:
                if kind not in _SUMMARY_KINDS:
                    raise UsageError(f"Unhandled define_metric() arg: summary op: {kind}")
            if "best" in kinds:
                if goal not in ("minimize", "maximize"):
                    raise UsageError("Unhandled define_metric() arg: goal: " + str(goal))
                kinds = [("min" if goal == "minimize" else "max") if k == "best" else k for k in kinds]
            self._metric_defs.append((name, kinds))
        return _NoOp()

    def _summary_kinds(self, key):
        for name, kinds in reversed(self._metric_defs):
            if name == key or ("*" in name and fnmatch.fnmatchcase(key, name)):
                return kinds
        return None

    def finish(self, exit_code=None, quiet=None):
        if self._finished:
            return
        self._commit()
        self._finished = True
        try:
            with open(os.path.join(self.dir, "wandb-summary.json"), "w") as f:
                json.dump(self.summary._as_dict(), f, indent=1, default=str)
        except OSError as e:
            termwarn(f"cannot write wandb-summary.json: {e}")
        global run, config, summary
        if run is self:
            run, config, summary = None, _PreInit("wandb.config"), _PreInit("wandb.summary")

    def save(self, *args, **kwargs):
        return []

    def log_artifact(self, *args, **kwargs):
        return _NoOp()

    def use_artifact(self, *args, **kwargs):
        return _NoOp()

    def watch(self, *args, **kwargs):
        return None

    def alert(self, *args, **kwargs):
        return None

    def mark_preempting(self):
        return None

    def get_url(self):
        return None

    def get_project_url(self):
        return None

    def get_sweep_url(self):
        return None


class _PreInit:
    """``wandb.config`` and ``wandb.summary`` before ``wandb.init``: wandb's error on use."""

    def __init__(self, name):
        object.__setattr__(self, "_name", name)

    def _fail(self, *args, **kwargs):
        raise Error(f"You must call wandb.init() before {self._name}")

    def __getattr__(self, key):
        if key.startswith("__"):
            raise AttributeError(key)
        self._fail()

    __getitem__ = __setitem__ = __setattr__ = __iter__ = __contains__ = _fail


run = None
config = _PreInit("wandb.config")
summary = _PreInit("wandb.summary")


def init(config=None, *args, config_exclude_keys=None, config_include_keys=None, reinit=None, **kwargs):
    """A run whose config is the script's defaults overridden by the sweep's parameters (see the module's doc)."""
    global run, summary
    if run is not None:
        return run
    made = Config()
    made.update(_config_file("config-defaults.yaml") or {})
    for path in (os.environ.get("WANDB_CONFIG_PATHS") or "").split(","):
        if path.strip():
            made.update(_config_file(path.strip()) or {}, allow_val_change=True)
    base = _as_dict(config) if config is not None else {}
    if config_include_keys:
        base = {k: v for k, v in base.items() if k in config_include_keys}
    if config_exclude_keys:
        base = {k: v for k, v in base.items() if k not in config_exclude_keys}
    made.update(base, allow_val_change=True)
    made._merge_locked(_sweep_params())
    run = Run(made, kwargs)
    globals()["config"] = made
    summary = run.summary
    atexit.register(run.finish)
    return run


def log(data, step=None, commit=None, sync=None):
    if run is None:
        raise Error("You must call wandb.init() before wandb.log()")
    run.log(data, step=step, commit=commit)


def define_metric(name, *args, **kwargs):
    if run is None:
        raise Error("You must call wandb.init() before wandb.define_metric()")
    return run.define_metric(name, *args, **kwargs)


def finish(exit_code=None, quiet=None):
    if run is not None:
        run.finish(exit_code=exit_code)


def login(*args, **kwargs):
    return True


def sweep(*args, **kwargs):
    return os.environ.get("WANDB_SWEEP_ID") or "sweep"


def agent(sweep_id=None, function=None, entity=None, project=None, count=None, **kwargs):
    """The trial is one run of the sweep: calls ``function`` once."""
    if function is not None:
        function()
        finish()


def _noop_class(name):
    return type(name, (_NoOp,), {})


Table = _noop_class("Table")
Image = _noop_class("Image")
Histogram = _noop_class("Histogram")
Artifact = _noop_class("Artifact")
Settings = _noop_class("Settings")
Api = _noop_class("Api")
Video = _noop_class("Video")
Audio = _noop_class("Audio")
Html = _noop_class("Html")
Object3D = _noop_class("Object3D")
plot = _NoOp()
watch = unwatch = alert = setup = teardown = restore = log_artifact = log_model = mark_preempting = _noop


def save(*args, **kwargs):
    return []


def use_artifact(*args, **kwargs):
    return _NoOp()


def __getattr__(name):
    """Any other wandb name: a no-op (``wandb.Molecule(...)``, ``wandb.plot.line(...)``)."""
    if name.startswith("_"):
        raise AttributeError(name)
    return _NoOp()
