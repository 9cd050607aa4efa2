"""The pipeline: the stage protocol, the runner that plans the passes, the drop policy,
the accounting, the spill between passes and the engines."""

from .accounting import Accounting, OnError, Stats
from .policy import DROPS, Policy
from .runner import Runner, plan
from .stage import Engine, Fitter, Stage

__all__ = ["DROPS", "Accounting", "Engine", "Fitter", "OnError", "Policy", "Runner", "Stage", "Stats",
           "plan"]
