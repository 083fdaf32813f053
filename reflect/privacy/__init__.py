"""Identifier detection and redaction: nothing that identifies a client leaves the machine.

Public API (the core never imports Textual; the TUI calls these from workers):

- :func:`load_name_detector(progress)` — load deduce once per process (about a second; the
  first time after installing its tables are built first, minutes, in a child process: see
  :mod:`reflect.privacy.warmup`); call it from a worker thread. :func:`loaded_name_detector`
  tells, without blocking, whether it is there yet.
- :func:`check_text(text, aliases, names)` / :func:`check_texts(parts, aliases, names)` — the
  findings (:class:`Finding`: kind, text, start, end, context, where). ``names=None`` checks
  without names (an instant but incomplete check).
- :class:`Pseudonymizer` and :func:`redact_text` — stable pseudonyms within one export.

For whole exports use :mod:`reflect.export`, which checks the exact text that will be written.
"""

from reflect.privacy.check import Finding, check_text, check_texts, context_of
from reflect.privacy.deidentifier import (
    NameDetector,
    load_name_detector,
    loaded_name_detector,
)
from reflect.privacy.redact import Pseudonymizer, redact_text

__all__ = [
    "Finding",
    "NameDetector",
    "Pseudonymizer",
    "check_text",
    "check_texts",
    "context_of",
    "load_name_detector",
    "loaded_name_detector",
    "redact_text",
]
