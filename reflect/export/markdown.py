"""Markdown renderer (CommonMark). Every string is escaped, so text the user typed can never
become a heading, a link, HTML, a table or LaTeX-like math in whatever displays the file.

Escaping is kept readable in plain text: characters that are markup anywhere get a backslash
everywhere; characters that are markup only at the start of a line (``#``, ``-``, ``+``,
``1.``) get one only there.
"""

from __future__ import annotations

import re

from reflect.export.document import Document, Item, ItemList, Paragraph, Section

_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~$])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+(?=[.)]))")


def escape(text: str) -> str:
    """``text`` as literal Markdown (one line: line breaks become spaces)."""
    text = " ".join(text.split())
    text = _ANYWHERE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    match = _LINE_START.match(text)
    if match:
        marker = match.group(2)
        escaped = marker + "\\" if marker.isdigit() else "\\" + marker
        text = match.group(1) + escaped + text[match.end() :]
    return text


def _item(item: Item) -> str:
    lead, text = escape(item.lead), escape(item.text)
    if lead and text:
        return f"- **{lead}** — {text}"
    return f"- **{lead}**" if lead else f"- {text}"


def _section(sec: Section, out: list[str]) -> None:
    out += ["#" * sec.level + " " + escape(sec.heading), ""]
    for block in sec.blocks:
        if isinstance(block, Paragraph):
            text = escape(block.text)
            out += [f"*{text}*" if block.note else text, ""]
        elif isinstance(block, ItemList):
            out += [*(_item(i) for i in block.items), ""]
    for sub in sec.subsections:
        _section(sub, out)


def render_markdown(doc: Document) -> str:
    out = [f"# {escape(doc.title)}", ""]
    if doc.meta:
        out += [f"**{escape(label)}:** {escape(value)}  " for label, value in doc.meta]
        out[-1] = out[-1].rstrip()
        out.append("")
    if doc.notice:
        out += [f"> *{escape(doc.notice)}*", ""]
    for sec in doc.sections:
        _section(sec, out)
    return "\n".join(out).rstrip("\n") + "\n"
