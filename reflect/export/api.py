"""The export pipeline in four calls, shared by the CLI and the TUI's export screen.

1. :func:`prepare_export` builds the document for a template, checks every string the user
   typed for identifiers and, when asked, replaces them with stable pseudonyms. It needs the
   loaded name detector (:func:`reflect.privacy.load_name_detector`, slow: call it in a worker).
2. :func:`render_preview` gives the Markdown text of a prepared document, for a preview pane.
3. :func:`render` gives the bytes of any format (``md``, ``html``, ``pdf``, ``docx``).
4. :func:`write_export` writes atomically with mode 0600 — and refuses (raises
   :class:`reflect.errors.IdentifiersFound`) when findings remain and ``force`` is not set.

The check runs on the document, not on the entries, so it covers exactly what is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, tzinfo
from pathlib import Path

from reflect.errors import IdentifiersFound, UsageError
from reflect.export.document import Document, map_user_text, user_texts
from reflect.export.goal_groups import GoalGroup
from reflect.export.html import render_html
from reflect.export.markdown import render_markdown
from reflect.export.templates import (
    DEFAULT_TEMPLATE,
    ExportInput,
    FiguresBuilder,
    build_document,
    resolve_template,
)
from reflect.export.writer import write_atomic
from reflect.i18n import t
from reflect.model import Entry, Revision
from reflect.privacy.check import Finding, check_text, check_texts
from reflect.privacy.deidentifier import NameDetector
from reflect.privacy.redact import Pseudonymizer, redact_text

FORMATS = ("md", "html", "pdf", "docx")
SUFFIXES = {"md": ".md", "html": ".html", "pdf": ".pdf", "docx": ".docx"}
# Binary formats: only into a file, never onto a terminal or into a pipe as text.
FILE_ONLY_FORMATS = frozenset({"pdf", "docx"})


@dataclass(frozen=True)
class PreparedExport:
    """A document ready to render, and what the check found.

    ``findings`` are those in the document as the user wrote it; after redaction
    ``remaining`` is what a second check still found in the redacted text (normally nothing).
    """

    document: Document
    template: str
    findings: list[Finding]
    redacted: bool = False
    remaining: list[Finding] = field(default_factory=list)

    @property
    def blocking(self) -> list[Finding]:
        """What still stops the export: after redaction what a second check found, else
        every finding. Writing needs ``force`` while this is not empty."""
        return self.remaining if self.redacted else self.findings

    @property
    def blocked(self) -> bool:
        return bool(self.blocking)


def check_document(
    doc: Document, aliases: Mapping[str, str], names: NameDetector | None
) -> list[Finding]:
    """Findings in every string the user typed; ``names=None`` skips names (preview only)."""
    return check_texts(user_texts(doc), aliases, names)


def redact_document(
    doc: Document, aliases: Mapping[str, str], names: NameDetector | None, lang: str
) -> tuple[Document, list[Finding]]:
    """``doc`` with identifiers replaced (one pseudonym per real text), and what was replaced."""
    pseudonyms = Pseudonymizer(lang)
    replaced: list[Finding] = []

    def fix(where: str, text: str) -> str:
        found = check_text(text, aliases, names, where)
        replaced.extend(found)
        return redact_text(text, found, pseudonyms) if found else text

    return map_user_text(doc, fix), replaced


def prepare_export(
    entries: Sequence[Entry],
    *,
    template: str = DEFAULT_TEMPLATE,
    lang: str,
    aliases: Mapping[str, str],
    names: NameDetector | None,
    redact: bool = False,
    revisions: Mapping[str, Sequence[Revision]] | None = None,
    period: tuple[date | None, date | None] = (None, None),
    generated: date | None = None,
    goals: Sequence[GoalGroup] | None = None,
    figures: FiguresBuilder | None = None,
    zone: tzinfo | None = None,
) -> PreparedExport:
    """Build, check and (with ``redact``) pseudonymise an export of ``entries``. ``zone``:
    the user's time zone (None: the system's), for the days and times the export prints."""
    if not entries:
        raise UsageError(t("export.error.nothing_selected"))
    name = resolve_template(template)
    inp = ExportInput(
        entries, lang, generated or date.today(), revisions, period, goals, figures, zone
    )
    doc = build_document(name, inp)
    if not redact:
        return PreparedExport(doc, name, check_document(doc, aliases, names))
    redacted, findings = redact_document(doc, aliases, names, lang)
    remaining = check_document(redacted, aliases, names)
    return PreparedExport(redacted, name, findings, True, remaining)


def render_preview(doc: Document) -> str:
    """The document as Markdown text, for a preview pane."""
    return render_markdown(doc)


def render(doc: Document, fmt: str) -> bytes:
    if fmt == "md":
        return render_markdown(doc).encode("utf-8")
    if fmt == "html":
        return render_html(doc).encode("utf-8")
    if fmt == "pdf":
        # fpdf takes half a second to import: only when a PDF is actually made.
        from reflect.export.pdf import render_pdf

        return render_pdf(doc)
    if fmt == "docx":
        from reflect.export.docx import render_docx  # python-docx and lxml: only when needed

        return render_docx(doc)
    raise UsageError(t("export.error.unknown_format", name=fmt))


def export_bytes(prepared: PreparedExport, fmt: str, *, force: bool = False) -> bytes:
    """The rendered export, refused while identifiers remain unless ``force``."""
    if prepared.blocked and not force:
        raise IdentifiersFound(t("privacy.how_to_proceed", count=len(prepared.blocking)))
    return render(prepared.document, fmt)


def write_export(prepared: PreparedExport, fmt: str, path: Path, *, force: bool = False) -> Path:
    """Render and write atomically (mode 0600). Raises IdentifiersFound or ExportWriteFailed."""
    return write_atomic(path, export_bytes(prepared, fmt, force=force))
