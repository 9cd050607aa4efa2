"""The Markdown report, for a pull-request comment: the HTML page's order and caps, as tables.

Every cell goes through `_md`, which neutralises both HTML and Markdown syntax:
a comment on GitHub renders both.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from ..text import counted
from .stories import LABELS, SECTIONS, Listing, listings, worst_sentence

if TYPE_CHECKING:  # ReportData's module imports this one
    from . import ReportData

MD_ROWS = 20  # duplicate clusters listed; flagged stories follow the HTML page's caps


def _md(text: Any) -> str:
    """Text safe inside a Markdown table cell on GitHub: HTML and Markdown syntax neutralised."""
    escaped = html.escape(str(text), quote=False).replace("\n", " ")
    return re.sub(r"([\\`*_\[\]|#~!])", r"\\\1", escaped)


def render_markdown(data: ReportData) -> str:
    """Summary and limits, then the same sections as the page, in the same order."""
    s = data.summary
    failed = sum(not r.passed for r in data.results)
    lines = ["## cleaner report", "",
             f"{counted(s.documents, 'document')} · {counted(s.sentences, 'body sentence')} · "
             f"{counted(len(data.clusters), 'duplicate cluster')} · "
             + (f"**{failed} of {counted(len(data.results), 'limit')} broken**" if failed
                else f"all {counted(len(data.results), 'limit')} hold"), "",
             "| | limit | measured |", "|---|---|---|"]
    for r in data.results:
        lines.append(f"| {'✅' if r.passed else '❌'} | {_md(r.limit)} | {_md(r.message)} |")
    lists = listings(s.flagged_documents(), data.clusters, data.caps)
    for section in SECTIONS:
        lines.append("")
        lines += _clusters(data.clusters) if section.flag is None else _stories(lists[section.key])
    return "\n".join(lines) + "\n"


def _clusters(clusters: list[dict[str, Any]]) -> list[str]:
    """The largest clusters, one row each (a comment has no room for side-by-side headlines)."""
    lines = [f"### Duplicate clusters ({len(clusters):,})", ""]
    if not clusters:
        return [*lines, "None found."]
    lines += ["| cluster | size | representative |", "|---|---|---|"]
    lines += [f"| {_md(c['id'])} | {c['size']} | {_md(c['representative']['text'])} |"
              for c in clusters[:MD_ROWS]]
    if len(clusters) > MD_ROWS:
        lines += ["", f"… and {len(clusters) - MD_ROWS:,} more clusters, the smallest."]
    return lines


def _stories(listing: Listing) -> list[str]:
    """One row per story: its worst sentence of the section's flag, with score and reason."""
    section, flag = listing.section, listing.section.flag or ""
    lines = [f"### {section.title} ({listing.total:,})", ""]
    if not listing.total:
        return [*lines, "None found."]
    lines += [f"| document | {LABELS[flag]} | sentence | reason | copies |", "|---|---|---|---|---|"]
    for story in listing.shown:
        found = worst_sentence(story.doc, flag)
        text, best = found if found else ("", {"score": story.score, "reason": ""})
        copies = f"{story.copies:,}" if story.copies else ""
        if story.flagged_copies:
            copies += f" ({story.flagged_copies:,} flagged)"
        lines.append(f"| {_md(story.doc.origin or story.doc.id)} | {float(best['score']):.2f} | "
                     f"{_md(text)} | {_md(best['reason'])} | {copies} |")
    if listing.more:
        lines += ["", f"… and {listing.more:,} more {section.title.lower()}, less flagged than these."]
    return lines
