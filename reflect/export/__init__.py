"""Exports for supervision and intervision: templates, renderers, and the identifier gate.

Public API (see :mod:`reflect.export.api`; the core never imports Textual):

- ``prepare_export(entries, template=, lang=, aliases=, names=, redact=, revisions=, period=)``
  → :class:`PreparedExport` (document, findings, redacted, remaining, blocked)
- ``render_preview(document) -> str`` (Markdown), ``render(document, fmt) -> bytes``
  (md, html, pdf, docx)
- ``write_export(prepared, fmt, path, force=False)`` — atomic, 0600, refuses while blocked
- ``template_names()``, ``TEMPLATES``, ``INTERVISION``, ``DEFAULT_TEMPLATE``, ``FORMATS``

Templates and formats are described in ``docs/EXPORT.md``.
"""

from reflect.export.api import (
    FILE_ONLY_FORMATS,
    FORMATS,
    SUFFIXES,
    PreparedExport,
    check_document,
    export_bytes,
    prepare_export,
    redact_document,
    render,
    render_preview,
    write_export,
)
from reflect.export.templates import (
    DEFAULT_TEMPLATE,
    INTERVISION,
    TEMPLATES,
    resolve_template,
    template_names,
)
from reflect.export.writer import ExportWriteFailed, write_atomic

__all__ = [
    "DEFAULT_TEMPLATE",
    "FILE_ONLY_FORMATS",
    "FORMATS",
    "INTERVISION",
    "SUFFIXES",
    "TEMPLATES",
    "ExportWriteFailed",
    "PreparedExport",
    "check_document",
    "export_bytes",
    "prepare_export",
    "redact_document",
    "render",
    "render_preview",
    "resolve_template",
    "template_names",
    "write_atomic",
    "write_export",
]
