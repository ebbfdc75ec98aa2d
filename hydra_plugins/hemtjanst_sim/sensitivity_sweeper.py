"""Hydra sweeper of the sensitivity experiment (``hydra/sweeper=sensitivity``).

Hydra only loads plugins from the ``hydra_plugins`` package, so this thin class lives
here; the experiment itself is :mod:`sim.sensitivity.experiment`. Unlike the basic
sweeper's fixed grid, it launches two batches in turn — the Morris design, then the
Sobol design over the factors Morris kept — through whichever launcher is configured
(``hydra/launcher=joblib`` on local cores, ``submitit_slurm`` on a cluster).
"""

# no `from __future__ import annotations`: Hydra imports plugins in a way that breaks the
# dataclass machinery's resolution of string annotations
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hydra.core.config_store import ConfigStore
from hydra.core.utils import JobReturn
from hydra.plugins.launcher import Launcher
from hydra.plugins.sweeper import Sweeper
from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig, OmegaConf, open_dict


@dataclass
class SensitivitySweeperConf:
    """The sweeper's own config: nothing to set (the design is under ``sensitivity:``)."""

    _target_: str = "hydra_plugins.hemtjanst_sim.sensitivity_sweeper.SensitivitySweeper"
    max_batch_size: int | None = None
    params: dict[str, str] | None = None


ConfigStore.instance().store(
    group="hydra/sweeper", name="sensitivity", node=SensitivitySweeperConf, provider="hemtjanst-sim"
)


class SensitivitySweeper(Sweeper):
    """Runs :func:`sim.sensitivity.experiment.run_sensitivity` with Hydra's launcher."""

    def __init__(self, max_batch_size: int | None = None, params: dict[str, str] | None = None) -> None:
        super().__init__()
        self.max_batch_size = max_batch_size
        self.config: DictConfig | None = None
        self.launcher: Launcher | None = None

    def setup(self, *, hydra_context: HydraContext, task_function: TaskFunction, config: DictConfig) -> None:
        """Called by Hydra before :meth:`sweep`: keep the config and make the launcher."""
        from hydra.core.plugins import Plugins

        self.config = config
        self.launcher = Plugins.instance().instantiate_launcher(
            hydra_context=hydra_context, task_function=task_function, config=config
        )

    def _launch(self, jobs: list[list[str]], first_job: int) -> list[JobReturn]:
        assert self.launcher is not None
        size = self.max_batch_size or len(jobs)
        done: list[JobReturn] = []
        for i in range(0, len(jobs), size):
            batch = jobs[i : i + size]
            results = list(self.launcher.launch(batch, initial_job_idx=first_job + i))
            for r in results:
                _ = r.return_value  # re-raises a failed point's exception
            done += results
        return done

    def sweep(self, arguments: list[str]) -> Any:
        """Run the two stages; ``arguments`` are the command line's overrides."""
        from sim.config import to_run_config
        from sim.sensitivity.experiment import run_sensitivity

        assert self.config is not None
        task = OmegaConf.masked_copy(self.config, [str(k) for k in self.config if k != "hydra"])
        with open_dict(task):
            task.pop("hydra", None)
        run = to_run_config(task)
        if not run.sensitivity.enabled:
            raise SystemExit(
                "error: hydra/sweeper=sensitivity needs sensitivity.enabled=true (+experiment=sensitivity)"
            )
        sweep_dir = Path(str(self.config.hydra.sweep.dir))
        sweep_dir.mkdir(parents=True, exist_ok=True)
        OmegaConf.save(self.config, sweep_dir / "multirun.yaml")
        return run_sensitivity(run, sweep_dir, arguments, self._launch, OmegaConf.to_yaml(task, resolve=True))
