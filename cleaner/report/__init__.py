"""report: one self-contained HTML page (or Markdown for a pull request) of what a run found.

The page needs no network and runs no script: inline CSS, charts drawn as inline
SVG, a contents bar and a legend in plain HTML. It reads in the order of what a
reader must act on (`stories`): stitched pages and duplicate clusters, then
low-quality and other-language text, each story once, every list capped with how
many more there are. Every piece of scraped text is escaped, quotes included,
so a headline holding `<script>` is shown, never run.

- `stories`: what goes in which section, in which order, cut where (shared by both formats);
- `diff`: how a duplicate's headline differs from its representative once folded as dedup folds;
- `page` and `style`: the HTML page; `markdown`: the pull-request comment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..check import Result, Summary
from .markdown import render_markdown
from .page import render_html
from .stories import Caps

__all__ = ["Caps", "ReportData", "render_html", "render_markdown"]


@dataclass
class ReportData:
    """Everything a report shows, and how much of each list (`caps`)."""

    summary: Summary
    clusters: list[dict[str, Any]]
    results: list[Result]
    stats: dict[str, Any]
    inputs: list[str]
    caps: Caps = field(default_factory=Caps)
