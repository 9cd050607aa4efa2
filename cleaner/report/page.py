"""The HTML report: one self-contained page, read top to bottom in the order of what to fix.

A sticky bar holds the contents and the legend, so a reader never has to hover to
learn what a colour means; scores are printed next to each flagged sentence. Rates
are drawn on an absolute axis against their limit. Every piece of scraped text
goes through `_e` (`html.escape`, quotes included, since some sits in attributes).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from .. import __version__
from .diff import DECORATION, DIFFERS, FOLDED, Piece, compare, decorated
from .stories import (
    LABELS,
    SECTIONS,
    Caps,
    Excerpt,
    Line,
    Listing,
    Rate,
    Section,
    Story,
    boilerplate_lines,
    excerpt,
    headline,
    kept_everything,
    listings,
    rates,
)
from .style import CSS

if TYPE_CHECKING:  # ReportData's module imports this one
    from . import ReportData

BAR_WIDTH = 240


def _e(text: Any) -> str:
    """Scraped text made inert, in element content and in attributes alike."""
    return html.escape(str(text), quote=True)


def render_html(data: ReportData) -> str:
    """The page for a `ReportData`: header, summary, limits, then the sections in order."""
    lists = listings(data.summary.flagged_documents(), data.clusters, data.caps)
    counts = {key: listing.total for key, listing in lists.items()}
    counts["duplicates"] = len(data.clusters)
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<title>cleaner report</title>",
        f"<style>{CSS}</style></head><body>",
        _header(counts),
        "<h1>cleaner report</h1>",
        f"<p class=\"sub\">{_e(', '.join(data.inputs))} · cleaner {_e(__version__)}</p>",
        _summary(data),
        _limits(data),
    ]
    for section in SECTIONS:
        if section.flag is None:
            parts.append(_clusters(section, data.clusters, data.caps))
        else:
            parts.append(_listing(lists[section.key], data))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _header(counts: dict[str, int]) -> str:
    """The sticky bar: links to every section (with how many entries each has) and the legend."""
    links = ["<a href=\"#summary\">Summary</a>", "<a href=\"#limits\">Limits</a>"]
    links += [f"<a href=\"#{s.key}\">{_e(s.title)} ({counts[s.key]:,})</a>" for s in SECTIONS]
    legend = "".join(f"<span><mark class=\"{kind}\">{_e(label)}</mark></span>"
                     for kind, label in LABELS.items())
    legend += ("<span><span class=\"ctx\">grey: context</span></span>"
               "<span><ins>differs from the representative</ins></span>"
               "<span><span class=\"folded\">folded away by the matcher</span></span>")
    return (f"<header class=\"top\"><nav class=\"contents\" aria-label=\"contents\">{''.join(links)}"
            f"</nav><div class=\"legend\" aria-label=\"legend\">{legend}</div></header>")


def _summary(data: ReportData) -> str:
    """The verdict first (what a CI reader came for), then the figures behind it."""
    s, stats = data.summary, data.stats
    failed = sum(not r.passed for r in data.results)
    verdict = (f"<p class=\"verdict fail\">{failed} of {len(data.results)} limits broken</p>" if failed
               else f"<p class=\"verdict ok\">all {len(data.results)} limits hold</p>")
    figures = [
        ("documents", s.documents),
        ("rejected (unreadable)", stats.get("rejected", 0)),
        ("body sentences", s.sentences),
        ("duplicate clusters", len(data.clusters)),
        ("off-topic sentences", s.counts["sentences:off_topic"]),
        ("low-quality sentences", s.counts["sentences:low_quality"]),
        ("other-language sentences", s.counts["sentences:language"]),
    ]
    cells = "".join(f"<div class=\"figure\"><b>{v:,}</b>{_e(k)}</div>" for k, v in figures)
    return (f"<section class=\"part\" id=\"summary\"><h2>Summary</h2>{verdict}"
            f"<div class=\"figures\">{cells}</div></section>")


def _limits(data: ReportData) -> str:
    """Each rate against its limit (a bar on an absolute axis, the limit marked), then the
    languages and cluster sizes."""
    rows = "".join(_rate_row(rate) for rate in rates(data.summary, data.results))
    s = data.summary
    charts = (
        _bar_chart("Languages", [(k, v) for k, v in s.languages.most_common(10)])
        + _bar_chart("Cluster sizes", [(f"{size} members", n) for size, n in
                                       sorted(s.cluster_sizes.items())][:12]))
    return (f"<section class=\"part\" id=\"limits\"><h2>Limits</h2>"
            "<table><tr><th></th><th>measure</th><th>rate against its limit (black line)</th>"
            f"<th>measured</th><th>limit</th></tr>{rows}</table>"
            f"<div class=\"charts\">{charts}</div></section>")


def _rate_row(rate: Rate) -> str:
    """One limit: verdict, what it measures, the bar, and both numbers printed."""
    if rate.passed is None:
        status, limit = "<td></td>", "<td>none</td>"
    else:
        status = f"<td class=\"{'ok' if rate.passed else 'fail'}\">{'pass' if rate.passed else 'FAIL'}</td>"
        limit = f"<td>{'≤' if rate.at_most else '≥'} {rate.limit:.1%}</td>"
    return (f"<tr>{status}<td>{_e(rate.label)}<br><small>{_e(rate.over)}</small></td>"
            f"<td>{_rate_bar(rate)}</td><td>{rate.measured:.1%}</td>{limit}</tr>")


def _rate_bar(rate: Rate) -> str:
    """The rate as a bar from 0 to `rate.scale` (labelled under the bar), with the limit as a
    black line; a rate past the axis fills the bar and ends in a ».

    The axis is the same for any corpus (it depends on the limit only), so a bar means the
    same thing in every report, unlike bars scaled to the largest rate."""
    scale, width = rate.scale, BAR_WIDTH
    length = min(rate.measured / scale, 1.0) * width
    colour = "#b00020" if rate.passed is False else "#4a7fc1"
    items = [f"<rect x=\"0\" y=\"2\" width=\"{width}\" height=\"14\" fill=\"#eee\"/>",
             f"<rect class=\"bar\" x=\"0\" y=\"2\" width=\"{length:.1f}\" height=\"14\" fill=\"{colour}\"/>"]
    if rate.measured > scale:
        items.append(f"<text x=\"{width - 12}\" y=\"13\" font-size=\"12\" fill=\"#fff\">»</text>")
    items.append("<text x=\"0\" y=\"28\" font-size=\"10\" fill=\"#666\">0</text>")
    title = f"{rate.label}: {rate.measured:.1%} on an axis from 0 to {scale:.0%}"
    mark = None if rate.limit is None else min(rate.limit / scale, 1.0) * width
    if mark is None or mark < width - 80:  # the axis's end, unless the limit's label is there
        items.append(f"<text x=\"{width}\" y=\"28\" font-size=\"10\" fill=\"#666\" "
                     f"text-anchor=\"end\">{scale:.0%}</text>")
    if mark is not None and rate.limit is not None:
        items.append(f"<line class=\"limit\" x1=\"{mark:.1f}\" y1=\"0\" x2=\"{mark:.1f}\" y2=\"18\" "
                     "stroke=\"#111\" stroke-width=\"2\"/>")
        anchor = "end" if mark > width - 30 else "middle"
        items.append(f"<text x=\"{mark:.1f}\" y=\"28\" font-size=\"10\" text-anchor=\"{anchor}\">"
                     f"limit {rate.limit:.0%}</text>")
        title += f", limit {'at most' if rate.at_most else 'at least'} {rate.limit:.1%}"
    return (f"<svg class=\"rate\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"30\" "
            f"role=\"img\" aria-label=\"{_e(title)}\"><title>{_e(title)}</title>{''.join(items)}</svg>")


def _bar_chart(title: str, bars: list[tuple[str, int]]) -> str:
    """A horizontal bar chart of counts as inline SVG (counts, so scaled to the largest)."""
    width, row = 360, 20
    top = max((v for _, v in bars), default=0) or 1
    height = row * max(len(bars), 1) + 4
    items = []
    for i, (label, value) in enumerate(bars):
        y = i * row + 2
        length = 0 if not value else max(1.0, 170 * value / top)
        items.append(
            f"<text x=\"0\" y=\"{y + 14}\" font-size=\"12\">{_e(label)}</text>"
            f"<rect x=\"130\" y=\"{y + 3}\" width=\"{length:.1f}\" height=\"{row - 6}\" fill=\"#4a7fc1\"/>"
            f"<text x=\"{136 + length:.1f}\" y=\"{y + 14}\" font-size=\"12\">{value:,}</text>")
    if not bars:
        items.append("<text x=\"0\" y=\"16\" font-size=\"12\">nothing to show</text>")
    return (f"<div class=\"chart\"><h3>{_e(title)}</h3><svg xmlns=\"http://www.w3.org/2000/svg\" "
            f"width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{_e(title)}\">"
            f"{''.join(items)}</svg></div>")


# --- duplicate clusters --------------------------------------------------------------------------


def _clusters(section: Section, clusters: list[dict[str, Any]], caps: Caps) -> str:
    """The largest clusters in full, the next ones a line each, the rest counted."""
    full = clusters[:caps.clusters]
    rows = clusters[caps.clusters:caps.clusters + caps.cluster_rows]
    rest = clusters[caps.clusters + caps.cluster_rows:]
    parts = [f"<section class=\"part\" id=\"{section.key}\"><h2>{_e(section.title)} "
             f"({len(clusters):,})</h2><p class=\"blurb\">{_e(section.blurb)}</p>"]
    parts += [_cluster(c, caps) for c in full]
    if rows:
        parts.append("<table class=\"cluster-rows\"><tr><th>cluster</th><th>documents</th>"
                     "<th>representative headline</th></tr>")
        parts += [f"<tr id=\"c-{_e(c['id'])}\"><td>{_e(c['id'])}</td><td>{c['size']:,}</td>"
                  f"<td>{_e(c['representative']['text'])}</td></tr>" for c in rows]
        parts.append("</table>")
    if rest:
        hidden = sum(c["size"] for c in rest)
        parts.append(f"<p class=\"more\">… and {len(rest):,} more clusters ({hidden:,} documents), "
                     "the smallest; <code>cleaner dedup --clusters FILE</code> writes them all.</p>")
    if not clusters:
        parts.append("<p>None found.</p>")
    parts.append("</section>")
    return "".join(parts)


def _cluster(cluster: dict[str, Any], caps: Caps) -> str:
    """A cluster's distinct headlines side by side, the representative first, each compared
    with it as the matcher compares them; identical headlines are one card naming them all."""
    rep = cluster["representative"]
    variants = _variants(cluster)
    shown = variants[:caps.variants]
    compared = compare([text for text, _ in shown[1:]], rep["text"])
    cards = [_member(shown[0][1], decorated(rep["text"]), rep=True)]
    cards += [_member(members, pieces) for (_, members), pieces in zip(shown[1:], compared, strict=True)]
    hidden = variants[caps.variants:]
    tail = (f"<p class=\"more\">… and {len(hidden):,} more headlines "
            f"({sum(len(m) for _, m in hidden):,} documents)</p>" if hidden else "")
    return (f"<section class=\"cluster\" id=\"c-{_e(cluster['id'])}\"><h3>{_e(rep['text'])} "
            f"<small class=\"meta\">{_e(cluster['id'])} · {cluster['size']:,} members · "
            f"{len(variants):,} distinct headlines</small></h3>"
            f"<div class=\"members\">{''.join(cards)}</div>{tail}</section>")


def _variants(cluster: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Members grouped by exact headline: the representative's first, then the least similar
    (the ones worth checking), ties in cluster order."""
    rep = cluster["representative"]
    groups: dict[str, list[dict[str, Any]]] = {}
    for member in cluster["members"]:
        groups.setdefault(member["text"], []).append(member)
    groups.setdefault(rep["text"], [])
    order = list(groups)
    return sorted(groups.items(), key=lambda item: (
        item[0] != rep["text"], min((m["similarity"] for m in item[1]), default=1.0),
        order.index(item[0])))


def _member(members: list[dict[str, Any]], pieces: list[Piece], rep: bool = False) -> str:
    """One headline card, naming the documents that carry it and how alike dedup found it."""
    ids = [m["doc_id"] for m in members]
    who = _e(ids[0]) if ids else ""
    if len(ids) > 1:
        who += f" +{len(ids) - 1:,} more"
    label = "representative" if rep else f"similarity {min(m['similarity'] for m in members):.2f}"
    return (f"<div class=\"member{' rep' if rep else ''}\"><small>{who} · {label}</small>"
            f"{''.join(_piece(p) for p in pieces)}</div>")


def _piece(piece: Piece) -> str:
    """Marked when it still differs once folded; muted (not marked) when the matcher never saw it."""
    text = _e(piece.text)
    if piece.kind == DIFFERS:
        return f"<ins>{text}</ins>"
    if piece.kind in (FOLDED, DECORATION):
        why = "stripped before matching" if piece.kind == DECORATION else "the same once folded"
        return f"<span class=\"folded\" title=\"{why}\">{text}</span>"
    return text


# --- flagged documents ---------------------------------------------------------------------------


def _listing(listing: Listing, data: ReportData) -> str:
    """A flagged-document section: its stories, then how many more it did not show."""
    section = listing.section
    parts = [f"<section class=\"part\" id=\"{section.key}\"><h2>{_e(section.title)} "
             f"({listing.total:,})</h2><p class=\"blurb\">{_e(section.blurb)}</p>"]
    shown_clusters = {c["id"] for c in data.clusters[:data.caps.clusters + data.caps.cluster_rows]}
    parts += [_story(story, data.caps, shown_clusters) for story in listing.shown]
    if listing.more:
        parts.append(f"<p class=\"more\">… and {listing.more:,} more "
                     f"{_e(section.title.lower())}, less flagged than these.</p>")
    if not listing.total:
        parts.append("<p>None found.</p>")
    if listing.total and not kept_everything(data.summary):
        parts.append(f"<p class=\"more\">Counted among the {data.summary.keep_documents:,} most "
                     "flagged documents the report kept.</p>")
    parts.append("</section>")
    return "".join(parts)


def _story(story: Story, caps: Caps, shown_clusters: set[str]) -> str:
    """One story: its headline, where it comes from, its copies, and its flagged sentences."""
    doc = story.doc
    meta = [_e(doc.origin or doc.id)]
    lang = (doc.cleaner.get("language") or {}).get("lang")
    if lang:
        meta.append(_e(lang))
    cut = boilerplate_lines(doc)
    if cut:
        meta.append(f"{cut:,} boilerplate line{'s' * (cut != 1)} cut")
    if story.copies:
        copies = f"and {story.copies:,} cop{'ies' if story.copies != 1 else 'y'}"
        if story.flagged_copies:
            copies += f" ({story.flagged_copies:,} flagged too)"
        if story.cluster in shown_clusters:
            copies = f"<a href=\"#c-{_e(story.cluster)}\">{copies}</a>"
        meta.append(copies)
    return (f"<article class=\"story\" data-doc=\"{_e(doc.id)}\" data-cluster=\"{_e(story.cluster or '')}\">"
            f"<h3>{_e(headline(doc))}</h3>"
            f"<p class=\"meta\">{' · '.join(meta)}</p>{_excerpt(excerpt(doc, caps))}</article>")


def _excerpt(found: Excerpt) -> str:
    """The runs of sentences, an ellipsis where the article goes on unshown."""
    paragraphs = []
    for i, run in enumerate(found.runs):
        lead = "" if i == 0 and found.starts_article else "… "
        paragraphs.append(f"<p>{lead}{' '.join(_line(line) for line in run)}</p>")
    if found.more:
        paragraphs.append(f"<p class=\"more\">and {found.more:,} more flagged "
                          f"sentence{'s' * (found.more != 1)}</p>")
    return f"<div class=\"excerpt\">{''.join(paragraphs)}</div>"


def _line(line: Line) -> str:
    """Context in grey; a flagged sentence highlighted in its flag's colour, followed by each
    flag's name, score and reason in print (not only on hover)."""
    if not line.flags:
        return f"<span class=\"ctx\">{_e(line.text)}</span>"
    names = " ".join(dict.fromkeys(f["name"] for f in line.flags))
    removed = " removed" if line.removed else ""
    hover = "\n".join(f"{f['name']} {f['score']:.2f}: {f['reason']}" for f in line.flags)
    badges = " ".join(
        f"<span class=\"score {_e(f['name'])}\">{_e(LABELS.get(f['name'], f['name']))} "
        f"{f['score']:.2f}</span> <span class=\"why\">{_e(f['reason'])}</span>" for f in line.flags)
    return (f"<mark class=\"{_e(names)}{removed}\" title=\"{_e(hover)}\">{_e(line.text)}</mark> "
            f"{badges}")
