"""The reflectieverslag's optional figures (``reflect export --with-stats``, the export
screen's switch): the patterns of the entries in the report, as a section of the document.

The figures are those of ``reflect stats`` and the patterns screen, computed by the same
function (:func:`reflect.operations.stats.compute_patterns`) over exactly the entries of
the report. Every string in the section is reflect's own or the catalogue's (labels,
article headings, value names, months, counts): none is the user's text, so the identifier
check, which still runs over the whole document, has nothing of theirs to find here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING

from reflect.export.document import Item, Paragraph, Section, items, section
from reflect.i18n import t
from reflect.model import Entry
from reflect.operations.clock import USER_ZONE, ZoneChoice, resolve_zone
from reflect.operations.stats import compute_patterns, figure_rows

if TYPE_CHECKING:
    from reflect.catalog import Catalog

# (figure, heading key): the order the section lists them in.
_PARTS = (
    ("status", "export.figures.status"),
    ("article", "export.figures.articles"),
    ("value", "export.figures.values"),
    ("method", "export.figures.methods"),
    ("month", "export.figures.months"),
)


def _catalog() -> Catalog | None:
    try:
        from reflect.catalog import load_catalog

        return load_catalog()
    except Exception:  # a broken user catalogue must not stop an export (as in labels.py)
        return None


def figures_section(
    entries: Sequence[Entry], lang: str, zone: ZoneChoice = USER_ZONE
) -> Section | None:
    """The section "Figures": a note on how they are counted, then one list per figure.
    Months are those of ``zone``: the export's, resolved once (ExportInput.zone)."""
    catalog = _catalog()
    found: tzinfo | None = resolve_zone(zone)
    patterns = compute_patterns([e.to_dict() for e in entries], catalog, found)
    if not patterns.entries:
        return None
    rows = figure_rows(patterns, catalog, lang)
    parts = [
        section(
            t(heading, lang),
            items(
                Item(lead=label, text=t("export.count", lang, n=count), text_user=False)
                for label, count in rows[figure]
            ),
            level=3,
        )
        for figure, heading in _PARTS
    ]
    note = (Paragraph(t("export.figures.note", lang), user=False, note=True),)
    return section(t("export.section.figures", lang), note, level=2, subsections=parts)
