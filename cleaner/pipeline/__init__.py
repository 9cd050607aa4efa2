"""The pipeline: the stage protocol, the runner that plans passes, accounting and engines."""

from .accounting import OnError, Pipeline, Stage, Stats, process

__all__ = ["OnError", "Pipeline", "Stage", "Stats", "process"]
