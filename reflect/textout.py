"""Plain-text output of entries for the terminal.

User text can hold anything, including terminal escape sequences pasted from elsewhere.
Printed raw they could recolour, move the cursor or retitle the terminal, so human output
shows control characters as visible, inert symbols. ``--json`` is the byte-exact path.
"""

from __future__ import annotations

import unicodedata

from reflect.i18n import t
from reflect.model import Entry, Revision


def inert(text: str, *, keep_newlines: bool = True) -> str:
    """Replace control and format-breaking characters by visible stand-ins."""
    out = []
    for ch in text:
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch == "\t":
            out.append("    ")
        elif unicodedata.category(ch) == "Cc":
            code = ord(ch)
            out.append(chr(0x2400 + code) if code < 0x20 else "\N{REPLACEMENT CHARACTER}")
        else:
            out.append(ch)
    return "".join(out)


def one_line(text: str, width: int) -> str:
    flat = inert(" ".join(text.split()), keep_newlines=False)
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def articles_short(entry: Entry) -> str:
    return ", ".join(str(a.number) for a in entry.articles)


def entry_row(entry: Entry) -> str:
    """One line of `reflect list`: id, date, status, title, articles."""
    status = t(f"cli.status.{entry.status.value}")
    title = entry.title or t("cli.untitled")
    row = f"{entry.id}  {entry.created.date().isoformat()}  {status:<11} {one_line(title, 40)}"
    if entry.articles:
        row += f"  [{articles_short(entry)}]"
    return row


def entry_text(entry: Entry, revisions: list[Revision] | None = None) -> str:
    """The whole entry as readable text; empty fields are left out."""
    lines = [f"{inert(entry.title) or t('cli.untitled')}  ({entry.id})"]
    lines.append(
        f"{t('cli.field.status')}: {t(f'cli.status.{entry.status.value}')}   "
        f"{t('cli.field.created')}: {entry.created:%Y-%m-%d %H:%M}   "
        f"{t('cli.field.updated')}: {entry.updated:%Y-%m-%d %H:%M}"
    )
    sections: list[tuple[str, str]] = [
        ("case_code", entry.case_code),
        ("situation", entry.situation),
        ("question", entry.question),
        ("dilemma", entry.dilemma),
        (
            "options",
            "\n".join(
                f"- {o.description}" + (f" ({o.harm})" if o.harm else "") for o in entry.options
            ),
        ),
        ("stakeholders", "\n".join(f"- {s.who}: {s.values}" for s in entry.stakeholders)),
        ("decision", entry.decision),
        ("rationale", entry.rationale),
        ("damage_limitation", entry.damage_limitation),
        ("feelings", entry.feelings),
        ("learning_goal", entry.learning_goal),
        (
            "articles",
            "\n".join(
                f"- {a.code} {a.number}" + (f": {a.note}" if a.note else "") for a in entry.articles
            ),
        ),
        ("method", entry.method or ""),
        ("method_answers", "\n".join(f"- {k}: {v}" for k, v in entry.method_answers.items())),
        ("follow_up", entry.follow_up.isoformat() if entry.follow_up else ""),
    ]
    for key, value in sections:
        if value.strip():
            lines += ["", f"{t(f'cli.field.{key}')}:", inert(value)]
    if revisions:
        lines += ["", f"{t('cli.field.revisions')}:"]
        lines += [
            f"- {r.saved:%Y-%m-%d %H:%M:%S}  {one_line(r.entry.title, 50)}" for r in revisions
        ]
    return "\n".join(lines)
