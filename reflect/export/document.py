"""A format-neutral export document: title, meta lines, sections of paragraphs and items.

Why a model between the templates and the renderers: the identifier check and redaction run
on *exactly* the text that will be written, once, whatever the format; each renderer only
has to escape and lay out. Every string knows whether the user typed it (checked and
redacted) or reflect supplied it (labels, article headings from the catalogue, dates).
Builders drop empty text, and :func:`section` returns None for a section with nothing in
it, so no format ever shows a heading without content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time

from reflect.i18n import t


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``user`` text is checked for identifiers, ``note`` is shown in italics."""

    text: str
    user: bool = True
    note: bool = False


@dataclass(frozen=True)
class Item:
    """A list item: an optional bold ``lead`` and the text after it."""

    text: str = ""
    lead: str = ""
    lead_user: bool = False
    text_user: bool = True
    always: bool = False  # shown even without text (an article cited without a note)


@dataclass(frozen=True)
class ItemList:
    items: tuple[Item, ...]


Block = Paragraph | ItemList


@dataclass(frozen=True)
class Section:
    """A heading (level 2 or 3) and what follows it. Level-2 sections may hold subsections.

    ``entry`` marks a section that is one entry (or one intervision case) of the selection:
    the paged formats (PDF, DOCX, HTML in print) start every entry after the first on a new
    page, so a supervisor can annotate, reorder or hand out one entry's pages on their own.
    """

    heading: str
    blocks: tuple[Block, ...] = ()
    level: int = 2
    heading_user: bool = False
    subsections: tuple[Section, ...] = ()
    entry: bool = False


@dataclass(frozen=True)
class Document:
    title: str
    lang: str
    meta: tuple[tuple[str, str], ...] = ()  # (label, value), reflect's own text
    notice: str = ""  # a fixed line under the title (confidentiality)
    sections: tuple[Section, ...] = field(default_factory=tuple)


# ---- builders that leave out what is empty ---------------------------------------------------


def paragraphs(text: str, *, user: bool = True, note: bool = False) -> tuple[Paragraph, ...]:
    """One paragraph per non-empty line of ``text`` (the user's own line breaks are kept)."""
    return tuple(Paragraph(line.strip(), user, note) for line in text.splitlines() if line.strip())


def items(entries: Iterable[Item]) -> tuple[ItemList, ...]:
    """A list of the items that say something: a fixed label with no text is left out."""
    kept = tuple(
        i for i in entries if i.text.strip() or ((i.lead_user or i.always) and i.lead.strip())
    )
    return (ItemList(kept),) if kept else ()


def section(
    heading: str,
    *blocks: Iterable[Block],
    level: int = 3,
    heading_user: bool = False,
    subsections: Iterable[Section | None] = (),
) -> Section | None:
    """A section, or None when it would be only a heading."""
    flat = tuple(b for group in blocks for b in group)
    subs = tuple(s for s in subsections if s is not None)
    if not flat and not subs:
        return None
    return Section(heading, flat, level, heading_user, subs)


def present(sections: Iterable[Section | None]) -> tuple[Section, ...]:
    return tuple(s for s in sections if s is not None)


# ---- walking the user's text -----------------------------------------------------------------

TextMap = Callable[[str, str], str]  # (where, text) -> new text


def _map_block(block: Block, where: str, fn: TextMap) -> Block:
    if isinstance(block, Paragraph):
        return replace(block, text=fn(where, block.text)) if block.user else block
    new_items = []
    for item in block.items:
        lead = fn(where, item.lead) if item.lead_user and item.lead else item.lead
        text = fn(where, item.text) if item.text_user and item.text else item.text
        new_items.append(replace(item, lead=lead, text=text))
    return ItemList(tuple(new_items))


def _map_section(sec: Section, parent: str, fn: TextMap, label: str = "") -> Section:
    """``label`` names a part whose heading the user typed, so ``where`` never repeats user text."""
    name = label if sec.heading_user and label else sec.heading
    heading = fn(parent or name, sec.heading) if sec.heading_user else sec.heading
    where = f"{parent} › {name}" if parent else name
    return replace(
        sec,
        heading=heading,
        blocks=tuple(_map_block(b, where, fn) for b in sec.blocks),
        subsections=tuple(_map_section(s, where, fn) for s in sec.subsections),
    )


def map_user_text(doc: Document, fn: TextMap) -> Document:
    """A copy of ``doc`` with ``fn(where, text)`` applied to every user string, in reading order."""
    return replace(
        doc,
        sections=tuple(
            _map_section(s, "", fn, t("export.where.entry", doc.lang, n=n))
            for n, s in enumerate(doc.sections, 1)
        ),
    )


def user_texts(doc: Document) -> list[tuple[str, str]]:
    """Every user string and where it is, in the order :func:`map_user_text` visits them."""
    found: list[tuple[str, str]] = []

    def collect(where: str, text: str) -> str:
        found.append((where, text))
        return text

    map_user_text(doc, collect)
    return found


def all_text(doc: Document) -> str:
    """Every string of the document, for tests and for searching a preview."""
    parts = [doc.title, doc.notice, *(f"{k} {v}" for k, v in doc.meta)]

    def walk(sec: Section) -> None:
        parts.append(sec.heading)
        for block in sec.blocks:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            else:
                parts.extend(f"{i.lead} {i.text}" for i in block.items)
        for sub in sec.subsections:
            walk(sub)

    for sec in doc.sections:
        walk(sec)
    return "\n".join(parts)


def creation_date(doc: Document) -> datetime:
    """Midnight UTC of the document's "created" meta date, else now: what a binary format
    records as its creation time, so the same export gives the same bytes."""
    for _, value in doc.meta[:1]:
        try:
            return datetime.combine(datetime.fromisoformat(value).date(), time(), tzinfo=UTC)
        except ValueError:
            break
    return datetime.now(UTC)
