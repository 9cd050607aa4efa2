"""report: one self-contained HTML page (or Markdown for a pull request) of what a run found.

The page needs no network and runs no script: inline CSS, charts drawn as inline
SVG, reasons shown on hover through `title`. Every piece of scraped text goes
through `html.escape` (quotes included, since reasons sit in attributes), so a
headline holding `<script>` is shown, never run.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..check import MEASURES, Result, Summary
from ..document import Document

MAX_MEMBERS = 50  # members shown per cluster; the rest are counted
MD_ROWS = 20

CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em 2em;color:#222}
h1{margin-bottom:0}.sub{color:#666;margin-top:0}
.figures{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0}
.figure{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:8em}
.figure b{display:block;font-size:1.6em}
.charts{display:flex;flex-wrap:wrap;gap:2em}.chart h3{margin:.2em 0}
table{border-collapse:collapse;width:100%;margin:.5em 0}
td,th{border:1px solid #ddd;padding:.3em .6em;vertical-align:top;text-align:left}
.ok{color:#17692f}.fail{color:#b00020;font-weight:bold}
.cluster{border:1px solid #ccc;border-radius:6px;margin:1em 0;padding:.5em 1em}
.members{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:.5em}
.member{background:#f7f7f7;border-radius:4px;padding:.4em .6em}
.member.rep{background:#e8f3ff;border:1px solid #9cc3ef}
.member small{color:#666;display:block}
ins{background:#ffe28a;text-decoration:none}
.doc{border-top:1px solid #ccc;padding:.5em 0}
s.boilerplate{color:#999}
mark{padding:0 2px;border-radius:3px;cursor:help}
mark.off_topic{background:#ffd2cc}mark.low_quality{background:#e6d7ff}mark.language{background:#cfeeda}
.removed{text-decoration:line-through}
"""


@dataclass
class ReportData:
    """Everything a report shows."""

    summary: Summary
    clusters: list[dict[str, Any]]
    results: list[Result]
    stats: dict[str, Any]
    inputs: list[str]


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def render_html(data: ReportData) -> str:
    s = data.summary
    flagged = s.flagged_documents()
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<title>cleaner report</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>cleaner report</h1>",
        f"<p class=\"sub\">{_e(', '.join(data.inputs))} · cleaner {_e(__version__)}</p>",
        _figures(data),
        "<h2>Rates</h2>", _thresholds(data.results),
        "<div class=\"charts\">",
        _bar_chart("Flag and problem rates", [(n.replace("_", " "), s.rate(n)) for n in MEASURES],
                   percent=True),
        _bar_chart("Languages", [(k, v) for k, v in s.languages.most_common(10)]),
        _bar_chart("Cluster sizes", [(f"{size} members", n) for size, n in
                                     sorted(s.cluster_sizes.items())][:12]),
        "</div>",
        f"<h2 id=\"clusters\">Duplicate clusters ({len(data.clusters):,})</h2>",
        *(_cluster(c) for c in data.clusters),
        f"<h2 id=\"documents\">Flagged documents ({len(flagged):,} shown)</h2>",
        "<p>Flagged sentences are highlighted (hover for the reason); boilerplate is struck "
        "through.</p>",
        *(_document(doc) for doc in flagged),
        "</body></html>\n",
    ]
    return "\n".join(parts)


def _figures(data: ReportData) -> str:
    s, stats = data.summary, data.stats
    figures = [
        ("documents", f"{s.documents:,}"),
        ("rejected (unreadable)", f"{stats.get('rejected', 0):,}"),
        ("body sentences", f"{s.sentences:,}"),
        ("duplicate clusters", f"{len(data.clusters):,}"),
        ("off-topic sentences", f"{s.counts['sentences:off_topic']:,}"),
        ("low-quality sentences", f"{s.counts['sentences:low_quality']:,}"),
        ("other-language sentences", f"{s.counts['sentences:language']:,}"),
    ]
    cells = "".join(f"<div class=\"figure\"><b>{_e(v)}</b>{_e(k)}</div>" for k, v in figures)
    return f"<div class=\"figures\">{cells}</div>"


def _thresholds(results: Sequence[Result]) -> str:
    rows = "".join(
        f"<tr><td class=\"{'ok' if r.passed else 'fail'}\">{'pass' if r.passed else 'FAIL'}</td>"
        f"<td>{_e(r.limit)}</td><td>{_e(r.message)}</td></tr>" for r in results)
    return f"<table><tr><th></th><th>limit</th><th>measured</th></tr>{rows}</table>"


def _bar_chart(title: str, bars: list[tuple[str, float]], percent: bool = False) -> str:
    """A horizontal bar chart as inline SVG."""
    width, row = 360, 22
    top = max((v for _, v in bars), default=0) or 1
    height = row * max(len(bars), 1) + 4
    items = []
    for i, (label, value) in enumerate(bars):
        y = i * row + 2
        length = 0 if not value else max(1.0, 170 * value / top)
        shown = f"{value:.1%}" if percent else f"{value:,}"
        items.append(
            f"<text x=\"0\" y=\"{y + 15}\" font-size=\"12\">{_e(label)}</text>"
            f"<rect x=\"130\" y=\"{y + 3}\" width=\"{length:.1f}\" height=\"{row - 6}\" fill=\"#4a7fc1\">"
            f"<title>{_e(label)}: {_e(shown)}</title></rect>"
            f"<text x=\"{136 + length:.1f}\" y=\"{y + 15}\" font-size=\"12\">{_e(shown)}</text>")
    if not bars:
        items.append("<text x=\"0\" y=\"16\" font-size=\"12\">nothing to show</text>")
    return (f"<div class=\"chart\"><h3>{_e(title)}</h3><svg xmlns=\"http://www.w3.org/2000/svg\" "
            f"width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{_e(title)}\">"
            f"{''.join(items)}</svg></div>")


_WORDS = re.compile(r"\S+|\s+")


def marked_difference(text: str, reference: str) -> str:
    """`text` escaped, with the words the reference does not have inside <ins>."""
    a, b = _WORDS.findall(reference), _WORDS.findall(text)
    out = []
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        piece = _e("".join(b[j1:j2]))
        out.append(piece if tag == "equal" or not piece.strip() else f"<ins>{piece}</ins>")
    return "".join(out)


def _cluster(cluster: dict[str, Any]) -> str:
    rep = cluster["representative"]
    members = []
    ordered = sorted(cluster["members"], key=lambda m: not (m["doc_id"] == rep["doc_id"]
                                                           and m["text"] == rep["text"]))
    for member in ordered[:MAX_MEMBERS]:
        is_rep = member["doc_id"] == rep["doc_id"] and member["text"] == rep["text"]
        text = _e(member["text"]) if is_rep else marked_difference(member["text"], rep["text"])
        label = "representative" if is_rep else f"similarity {member['similarity']:.2f}"
        members.append(
            f"<div class=\"member{' rep' if is_rep else ''}\"><small>{_e(member['doc_id'])} · "
            f"{label}</small>{text}</div>")
    more = len(cluster["members"]) - MAX_MEMBERS
    tail = f"<p>… and {more:,} more</p>" if more > 0 else ""
    return (f"<section class=\"cluster\" id=\"{_e(cluster['id'])}\"><h3>{_e(cluster['id'])} · "
            f"{cluster['size']} members</h3><div class=\"members\">{''.join(members)}</div>{tail}"
            "</section>")


def _document(doc: Document) -> str:
    parts = [f"<div class=\"doc\"><h3>{_e(doc.origin or doc.id)}</h3>"]
    for segment in doc.cleaner.get("segments", []):
        kind = segment["kind"]
        if kind == "boilerplate":
            reason = "; ".join(f["reason"] for f in segment["flags"]) or "boilerplate"
            parts.append(f"<p><s class=\"boilerplate\" title=\"{_e(reason)}\">{_e(segment['text'])}</s></p>")
        elif kind == "headline":
            parts.append(f"<h4>{_e(segment['text'])}</h4>")
        else:
            parts.append(f"<p>{' '.join(_sentence(s) for s in segment['sentences'])}</p>")
    parts.append("</div>")
    return "".join(parts)


def _sentence(sentence: dict[str, Any]) -> str:
    if not sentence["flags"]:
        return _e(sentence["text"])
    names = " ".join(f["name"] for f in sentence["flags"])
    hover = "\n".join(f"{f['name']} {f['score']:.2f}: {f['reason']}" for f in sentence["flags"])
    removed = " removed" if sentence.get("removed") else ""
    return f"<mark class=\"{_e(names)}{removed}\" title=\"{_e(hover)}\">{_e(sentence['text'])}</mark>"


def _md(text: Any) -> str:
    """Text safe inside a Markdown table cell on GitHub: HTML and Markdown syntax neutralised."""
    escaped = html.escape(str(text), quote=False).replace("\n", " ")
    return re.sub(r"([\\`*_\[\]|#~!])", r"\\\1", escaped)


def render_markdown(data: ReportData) -> str:
    s = data.summary
    lines = ["## cleaner report", "",
             f"{s.documents:,} documents · {s.sentences:,} body sentences · "
             f"{len(data.clusters):,} duplicate clusters", "",
             "| | limit | measured |", "|---|---|---|"]
    for r in data.results:
        lines.append(f"| {'✅' if r.passed else '❌'} | {_md(r.limit)} | {_md(r.message)} |")
    if data.clusters:
        lines += ["", f"### Largest duplicate clusters (of {len(data.clusters):,})", "",
                  "| cluster | size | representative |", "|---|---|---|"]
        for c in data.clusters[:MD_ROWS]:
            lines.append(f"| {_md(c['id'])} | {c['size']} | {_md(c['representative']['text'])} |")
    flagged = _flagged_sentences(s.flagged_documents())
    if flagged:
        lines += ["", "### Flagged sentences", "", "| document | flag | score | sentence |",
                  "|---|---|---|---|"]
        for where, flag, sentence in flagged[:MD_ROWS]:
            lines.append(f"| {_md(where)} | {_md(flag['name'])} | {flag['score']:.2f} | {_md(sentence)} |")
    return "\n".join(lines) + "\n"


def _flagged_sentences(docs: Iterable[Document]) -> list[tuple[str, dict[str, Any], str]]:
    found = [(str(doc.origin or doc.id), flag, sentence["text"])
             for doc in docs for seg in doc.cleaner.get("segments", [])
             for sentence in seg.get("sentences", []) for flag in sentence["flags"]]
    return sorted(found, key=lambda f: -f[1]["score"])
