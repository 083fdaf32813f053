"""Markdown renderer (CommonMark). Every string is escaped, so text the user typed can never
become a heading, a link, HTML, a table or LaTeX-like math in whatever displays the file.

Escaping is kept readable in plain text: characters that are markup anywhere get a backslash
everywhere; characters that are markup only at the start of a line (``#``, ``-``, ``+``,
``1.``) get one only there.

Redaction placeholders (``[Persoon 1]``, ``[BSN]``) are written as they are, without
backslashes, because in that form they are not Markdown: square brackets only make a link
when followed by ``(`` (an inline link) or ``[`` (a reference), or when a link reference
definition ``[label]: …`` exists. Every other ``[`` in the document is escaped, so the only
way to define a reference would be a placeholder at the start of a block followed by ``:``.
A placeholder is therefore escaped in exactly those three positions, and reads cleanly in
all others — which is nearly always.
"""

from __future__ import annotations

import re

from reflect.export.document import Document, Item, ItemList, Paragraph, Section

# What a redaction placeholder looks like is the privacy package's rule; this uses it, so
# a change of placeholder there cannot leave Markdown escaping them differently.
from reflect.privacy.check import _own_pseudonym_pattern as own_pseudonym_pattern

_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~$])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+(?=[.)]))")


def _escape_inline(text: str) -> str:
    return _ENTITY.sub(r"\\&", _ANYWHERE.sub(r"\\\1", text))


def _could_link(text: str, start: int, end: int) -> bool:
    """Whether the bracketed placeholder ``text[start:end]`` would start a link there."""
    after = text[end : end + 1]
    return after in ("(", "[") or (start == 0 and after == ":")


def escape(text: str) -> str:
    """``text`` as literal Markdown (one line: line breaks become spaces)."""
    text = " ".join(text.split())
    parts: list[str] = []
    done = 0
    for found in own_pseudonym_pattern().finditer(text):
        start, end = found.span()
        parts.append(_escape_inline(text[done:start]))
        placeholder = found.group()
        parts.append(_escape_inline(placeholder) if _could_link(text, start, end) else placeholder)
        done = end
    parts.append(_escape_inline(text[done:]))
    text = "".join(parts)
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
