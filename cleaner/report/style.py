"""The report page's stylesheet, inlined into the page (the file must work offline, alone).

Kept in a module rather than a .css file so it ships with the package as code does.
Colours: pink off-topic, purple low quality, green another language (as in the
legend); yellow a headline word that still differs once folded; grey, dotted what
the matcher folds away; grey text the context around a flagged sentence.
"""

CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:0 2em 2em;color:#222}
header.top{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid #ddd;
 padding:.4em 0;display:flex;flex-wrap:wrap;gap:.3em 1.5em;align-items:baseline;font-size:13px}
nav.contents a{margin-right:.9em;white-space:nowrap}
.legend span{margin-right:.7em;white-space:nowrap}
section.part{scroll-margin-top:4.5em}
h1{margin:.4em 0 0}.sub{color:#666;margin-top:0}
h2{border-bottom:2px solid #eee;margin-top:1.4em}
.figures{display:flex;flex-wrap:wrap;gap:.6em}
.figure{flex:1 1 0;border:1px solid #ddd;border-radius:6px;padding:.3em .6em;min-width:6em;font-size:13px}
.figure b{display:block;font-size:1.4em}
.verdict{font-weight:bold}
.charts{display:flex;flex-wrap:wrap;gap:2em;margin-top:.8em}.chart h3{margin:.2em 0;font-size:1em}
table{border-collapse:collapse;width:100%;margin:.5em 0}
td,th{border:1px solid #ddd;padding:.25em .6em;vertical-align:middle;text-align:left}
td small,.meta,.more,.blurb{color:#666}
.ok{color:#17692f}.fail{color:#b00020;font-weight:bold}
svg.rate{display:block}
.cluster{border:1px solid #ccc;border-radius:6px;margin:.8em 0;padding:.2em 1em .6em;scroll-margin-top:4.5em}
.cluster h3{margin:.3em 0;font-size:1em}
.members{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:.4em}
.member{background:#f7f7f7;border-radius:4px;padding:.3em .6em}
.member.rep{background:#e8f3ff;border:1px solid #9cc3ef}
.member small{color:#666;display:block}
ins{background:#ffe28a;text-decoration:none}
.folded{color:#777;text-decoration:underline dotted #999}
.story{border-top:1px solid #ddd;padding:.3em 0;scroll-margin-top:4.5em}
.story h3{margin:.2em 0 0;font-size:1em}
.meta{margin:0;font-size:13px}
.excerpt p{margin:.3em 0}
.ctx{color:#777}
mark{padding:0 2px;border-radius:3px}
.off_topic{background:#ffd2cc}.low_quality{background:#e6d7ff}.language{background:#cfeeda}
.score{font-size:12px;font-weight:bold;padding:0 4px;border-radius:3px;white-space:nowrap}
.why{font-size:12px;color:#555}
.removed{text-decoration:line-through}
"""
