"""Unit tests of sweep's wandb stand-in (run by WandbShimTest with PYTHONPATH at the module's folder)."""

import argparse
import contextlib
import importlib
import io
import json
import os
import sys
import tempfile
import unittest


class ShimTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.saved_env = dict(os.environ)
        self.saved_cwd = os.getcwd()
        os.chdir(self.dir)
        for key in list(os.environ):
            if key.startswith(("WANDB_", "SWEEP_")):
                del os.environ[key]
        os.environ["SWEEP_TRIAL_DIR"] = self.dir
        os.environ["SWEEP_METRIC"] = "val_loss"
        sys.modules.pop("wandb", None)
        self.wandb = importlib.import_module("wandb")
        self.out = io.StringIO()

    def tearDown(self):
        self.finish()
        os.chdir(self.saved_cwd)
        os.environ.clear()
        os.environ.update(self.saved_env)
        self.tmp.cleanup()

    def params(self, **params):
        path = os.path.join(self.dir, "params.json")
        with open(path, "w") as f:
            json.dump(params, f)
        os.environ["SWEEP_PARAMS_JSON"] = path

    def log(self, *args, **kwargs):
        with contextlib.redirect_stdout(self.out):
            self.wandb.log(*args, **kwargs)

    def finish(self):
        with contextlib.redirect_stdout(self.out):
            self.wandb.finish()

    def epochs(self):
        return [json.loads(line) for line in self.out.getvalue().splitlines()]

    def test_is_the_stand_in(self):
        self.assertTrue(self.wandb._SHIM)

    def test_sweep_parameters_override_init_defaults_and_stay_locked(self):
        self.params(lr=0.003, batch_size=16)
        run = self.wandb.init(project="p", config={"lr": 0.1, "epochs": 5, "model": {"hidden": 32}})
        cfg = self.wandb.config
        self.assertIs(run.config, cfg)
        self.assertEqual(cfg.lr, 0.003)
        self.assertEqual(cfg["batch_size"], 16)
        self.assertEqual(cfg.epochs, 5)
        self.assertEqual(cfg.model["hidden"], 32)
        cfg.update({"lr": 0.5, "warmup": 10})  # the sweep's lr wins: ignored with a warning, as in wandb
        cfg.lr = 0.7
        self.assertEqual(cfg.lr, 0.003)
        self.assertEqual(cfg.warmup, 10)
        self.assertEqual(sorted(cfg.keys()), ["batch_size", "epochs", "lr", "model", "warmup"])
        self.assertEqual(cfg.as_dict()["model"], {"hidden": 32})
        self.assertEqual(dict(cfg.items())["epochs"], 5)
        self.assertEqual(cfg.get("missing", 1), 1)
        self.assertIn("lr", cfg)
        with self.assertRaises(AttributeError):
            cfg.missing
        import copy

        self.assertEqual(copy.deepcopy(cfg).as_dict(), cfg.as_dict())

    def test_changing_a_value_needs_allow_val_change_and_setdefaults_keeps_what_is_set(self):
        self.wandb.init(config={"epochs": 5})
        cfg = self.wandb.config
        with self.assertRaises(self.wandb.ConfigError):
            cfg.update({"epochs": 6})
        cfg.update({"epochs": 6}, allow_val_change=True)
        cfg.setdefaults({"epochs": 9, "seed": 1})
        self.assertEqual((cfg.epochs, cfg.seed), (6, 1))
        cfg.epochs = 6  # the same value: no change, no error
        cfg["--name"] = "x"  # leading dashes stripped, as in wandb
        self.assertEqual(cfg.name, "x")

    def test_a_wandb_files_nested_parameters_nest_as_in_wandb(self):
        self.params(**{"optimizer__nested__lr": 0.02, "optimizer__nested__nadam__nested__beta": 0.9})
        self.wandb.init(config={"optimizer": {"name": "adam", "lr": 0.1}})
        self.assertEqual(self.wandb.config.optimizer, {"name": "adam", "lr": 0.02, "nadam": {"beta": 0.9}})
        self.assertEqual(sorted(self.wandb.config.keys()), ["optimizer"])

    def test_argparse_namespace_and_nested_and_dotted_parameters(self):
        self.params(**{"optimizer.lr": 0.01, "optimizer.betas": [0.9, 0.99]})
        self.wandb.init(config={"optimizer": {"name": "adam", "lr": 0.1}})
        self.assertEqual(self.wandb.config.optimizer, {"name": "adam", "lr": 0.01, "betas": [0.9, 0.99]})
        args = argparse.Namespace(batch_size=8, layers=(1, 2))
        self.wandb.config.update(args)
        self.assertEqual(self.wandb.config.batch_size, 8)
        self.assertEqual(self.wandb.config.layers, [1, 2])

    def test_config_defaults_yaml_and_agent_param_file(self):
        with open("config-defaults.yaml", "w") as f:
            f.write("wandb_version: 1\nepochs:\n  value: 3\ndropout:\n  value: 0.1\n")
        with open("agent.yaml", "w") as f:
            f.write("dropout:\n  value: 0.3\n")
        os.environ["WANDB_SWEEP_PARAM_PATH"] = "agent.yaml"
        self.wandb.init(config={"epochs": 4})
        self.assertEqual((self.wandb.config.epochs, self.wandb.config.dropout), (4, 0.3))

    def test_each_committed_log_of_the_metric_is_one_epoch(self):
        self.wandb.init()
        self.log({"batch_loss": 1.0})  # a step without the metric: no epoch
        self.log({"train/loss": 0.9, "val": {"acc": 0.5}}, commit=False)
        self.log({"val_loss": 0.8, "epoch": 0, "images": self.wandb.Image(None), "note": "text", "flag": True})
        self.log({"val_loss": float("nan")})
        self.assertEqual(self.epochs(), [
            {"epoch": 1, "train/loss": 0.9, "val.acc": 0.5, "val_loss": 0.8},
            {"epoch": 2, "val_loss": "NaN"}])
        self.assertEqual(self.wandb.run.step, 3)  # commit=False made no step

    def test_explicit_steps_accumulate_until_a_later_step_or_commit(self):
        self.wandb.init()
        self.log({"train_loss": 0.5}, step=10)
        self.log({"val_loss": 0.4}, step=10)
        self.assertEqual(self.epochs(), [])
        self.log({"train_loss": 0.3}, step=11)  # a later step commits step 10
        self.log({"val_loss": 0.2}, step=11, commit=True)
        self.log({"val_loss": 0.1}, step=5)  # an earlier step: ignored, as in wandb
        self.log({"train_loss": 0.1, "val_loss": 0.15}, commit=False)
        self.finish()  # finish commits what is pending
        self.assertEqual(self.epochs(), [
            {"epoch": 1, "train_loss": 0.5, "val_loss": 0.4},
            {"epoch": 2, "train_loss": 0.3, "val_loss": 0.2},
            {"epoch": 3, "train_loss": 0.1, "val_loss": 0.15}])

    def test_summary_last_values_define_metric_and_summary_file(self):
        run = self.wandb.init()
        self.wandb.define_metric("val_loss", summary="min")
        self.wandb.define_metric("acc/*", summary="max,mean")
        self.wandb.define_metric("f1", summary="best", goal="maximize")
        self.wandb.define_metric("epoch")
        self.wandb.define_metric("val_loss", step_metric="epoch")  # only the x axis: keeps min
        for loss, acc, f1 in [(0.5, 0.6, 0.1), (0.3, 0.8, 0.3), (0.4, 0.7, 0.2)]:
            self.log({"val_loss": loss, "acc/top1": acc, "f1": f1, "lr": 0.1})
        run.summary["best_note"] = "done"
        self.assertEqual(run.summary["lr"], 0.1)
        self.assertEqual(run.summary.val_loss, {"min": 0.3})
        self.assertAlmostEqual(run.summary["acc/top1"]["mean"], 0.7)
        self.assertEqual(run.summary["acc/top1"]["max"], 0.8)
        self.assertEqual(run.summary["f1"], {"max": 0.3})
        self.finish()
        with open(os.path.join(self.dir, "wandb-summary.json")) as f:
            saved = json.load(f)
        self.assertEqual(saved["best_note"], "done")
        self.assertEqual(saved["val_loss"], {"min": 0.3})
        self.assertIsNone(self.wandb.run)

    def test_no_op_calls_and_errors_before_init(self):
        with self.assertRaises(self.wandb.Error):
            self.wandb.log({"val_loss": 1})
        with self.assertRaises(self.wandb.Error):
            self.wandb.config.lr
        self.assertTrue(self.wandb.login(key="x"))
        with self.wandb.init(project="p", entity="e", mode="online", tags=["a"]) as run:
            self.wandb.watch(object(), log="all")
            self.wandb.save("*.pt")
            self.wandb.alert(title="t", text="x")
            table = self.wandb.Table(columns=["a"])
            table.add_data(1)
            self.wandb.log({"t": table, "hist": self.wandb.Histogram([1, 2]), "chart": self.wandb.plot.line(table)})
            art = self.wandb.Artifact("model", type="model")
            art.add_file("x.pt")
            run.log_artifact(art)
            run.log_code(".")
            self.wandb.Molecule("x")
            from wandb import Video  # noqa: F401
            self.assertEqual(run.project, "p")
        self.assertEqual(self.epochs(), [])
        self.assertIsNone(self.wandb.run)

    def test_agent_runs_the_function_once(self):
        calls = []

        def train():
            self.wandb.init(config={"lr": 1})
            calls.append(self.wandb.config.lr)
            self.log({"val_loss": 0.5})

        sweep_id = self.wandb.sweep({"method": "random"}, project="p")
        self.wandb.agent(sweep_id, function=train, count=5)
        self.assertEqual(calls, [1])
        self.assertEqual(self.epochs(), [{"epoch": 1, "val_loss": 0.5}])


if __name__ == "__main__":
    unittest.main()
