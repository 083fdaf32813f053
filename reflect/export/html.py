"""Self-contained HTML: one file, inline CSS (screen and print), no scripts, no external assets.

A Content-Security-Policy that allows nothing but the inline style makes that a promise the
browser enforces, even if some text slipped through unescaped (it cannot: every string goes
through :func:`html.escape`).
"""

from __future__ import annotations

from html import escape

from reflect.export.document import Document, Item, ItemList, Paragraph, Section

_CSS = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; font-size: 11pt;
  line-height: 1.5; color: #1a1a1a; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
h2 { font-size: 1.25rem; margin: 1.8rem 0 .4rem; border-bottom: 1px solid #bbb;
  padding-bottom: .15rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
p { margin: .3rem 0 .6rem; }
ul { margin: .3rem 0 .8rem; padding-left: 1.3rem; }
li { margin: .15rem 0; }
.meta { margin: 0 0 .8rem; color: #444; }
.meta dt { display: inline; font-weight: bold; }
.meta dd { display: inline; margin: 0 1.2rem 0 .3rem; }
.notice { border-left: 3px solid #888; padding: .3rem .8rem; color: #333; font-style: italic; }
.note { font-style: italic; color: #444; }
@page { size: A4; margin: 2cm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  li, p { orphans: 3; widows: 3; }
  section.part { break-before: auto; }
  section.entry ~ section.entry { break-before: page; }
}
"""


def _item(item: Item) -> str:
    lead, text = escape(item.lead), escape(item.text)
    if lead and text:
        return f"<li><strong>{lead}</strong> — {text}</li>"
    return f"<li><strong>{lead}</strong></li>" if lead else f"<li>{text}</li>"


def _section(sec: Section, out: list[str]) -> None:
    level = min(max(sec.level, 2), 6)
    entry = " entry" if sec.entry else ""  # printed, each entry after the first on a new page
    out.append(f'<section class="part level{level}{entry}">')
    out.append(f"<h{level}>{escape(sec.heading)}</h{level}>")
    for block in sec.blocks:
        if isinstance(block, Paragraph):
            css = ' class="note"' if block.note else ""
            out.append(f"<p{css}>{escape(block.text)}</p>")
        elif isinstance(block, ItemList):
            out += ["<ul>", *(_item(i) for i in block.items), "</ul>"]
    for sub in sec.subsections:
        _section(sub, out)
    out.append("</section>")


def render_html(doc: Document) -> str:
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(doc.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex">',
        f"<title>{escape(doc.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(doc.title)}</h1>",
    ]
    if doc.meta:
        out.append('<dl class="meta">')
        out += [f"<dt>{escape(k)}:</dt><dd>{escape(v)}</dd>" for k, v in doc.meta]
        out.append("</dl>")
    if doc.notice:
        out.append(f'<p class="notice">{escape(doc.notice)}</p>')
    out.append("</header>")
    out.append("<main>")
    for sec in doc.sections:
        _section(sec, out)
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
