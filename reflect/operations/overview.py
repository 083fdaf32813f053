"""The reflection log's overview for a re-registration file (``reflect meetings export``).

Dates, forms, net hours (points), the codes of groups and supervisors, and the totals per
form and per registration period against the minimum the professional entered. No entry
text: the titles of the entries brought in only when asked (``with_titles``). It is a
:class:`~reflect.export.document.Document`, so the Markdown and PDF writers of the export
are reused, and it goes through the same identifier check: codes and titles are user text.
Titles are checked for names too (the slow de-identifier); without titles only the codes
are there, and they are checked by reflect's own rules and the alias table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from reflect.export.api import PreparedExport, check_document
from reflect.export.document import Block, Document, Item, Paragraph, Section, items
from reflect.i18n import t
from reflect.operations.meetings import (
    Meeting,
    Registration,
    Summary,
    form_label,
    hours_text,
    period_title,
    period_verdict,
    summarize,
)
from reflect.privacy.deidentifier import NameDetector

TEMPLATE = "overview"


def _meeting_item(meeting: Meeting, titles: Mapping[str, str] | None, lang: str) -> Item:
    parts = [form_label(meeting.form, lang), f"{hours_text(meeting.hours)} h"]
    if meeting.code:
        parts.append(meeting.code)
    if titles is not None:
        shown = [titles[e] for e in meeting.entries if titles.get(e, "").strip()]
        if shown:
            parts.append(f"{t('meetings.overview.titles', lang)}: " + "; ".join(shown))
    return Item(lead=meeting.day.isoformat(), text=" · ".join(parts))


def _forms(totals: Mapping[str, Decimal], lang: str) -> tuple[Item, ...]:
    return tuple(
        Item(text=f"{form_label(form, lang)}: {hours_text(hours)} h", text_user=False)
        for form, hours in totals.items()
        if hours
    )


def _meetings_section(
    meetings: Sequence[Meeting], titles: Mapping[str, str] | None, lang: str
) -> Section:
    listed = items(_meeting_item(m, titles, lang) for m in meetings)
    blocks = listed or (Paragraph(t("meetings.overview.none", lang), user=False),)
    return Section(t("meetings.overview.meetings", lang), blocks, 3)


def build_overview(
    meetings: Sequence[Meeting],
    summary: Summary,
    *,
    lang: str,
    today: date,
    titles: Mapping[str, str] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Document:
    """The overview of ``meetings`` (already selected: from ``since`` to ``until``) with the
    totals of ``summary``: overall, then each registration period the selection touches."""
    total = Section(
        t("meetings.by_form", lang),
        (
            Paragraph(
                t("meetings.total", lang, hours=hours_text(summary.hours), count=summary.meetings),
                user=False,
            ),
            *items(_forms(summary.by_form, lang)),
        ),
        2,
    )
    sections = [total]
    registration = summary.registration
    if registration is None:
        sections.append(replace(_meetings_section(meetings, titles, lang), level=2))
    else:
        if registration.minimum is None:
            note = Paragraph(t("meetings.overview.no_minimum", lang), user=False, note=True)
            sections[0] = replace(total, blocks=(*total.blocks, note))
        for period in summary.periods:
            if (since and period.last < since) or (until and period.first > until):
                continue
            inside = [m for m in meetings if period.first <= m.day <= period.last]
            blocks: tuple[Block, ...] = (
                Paragraph(
                    t("meetings.overview.points", lang, verdict=period_verdict(period)), user=False
                ),
                *items(_forms(period.by_form, lang)),
            )
            meetings_part = _meetings_section(inside, titles, lang)
            heading = period_title(period, summary.current)
            sections.append(Section(heading, blocks, 2, subsections=(meetings_part,)))
        before = [m for m in meetings if m.day < registration.start]
        if before:
            heading = t("meetings.before_start", lang, hours=hours_text(summary.before_start))
            part = _meetings_section(before, titles, lang)
            sections.append(Section(heading, (), 2, subsections=(part,)))
    return Document(
        title=t("meetings.overview.title", lang),
        lang=lang,
        meta=((t("export.meta.generated", lang), today.isoformat()),),
        notice=t("meetings.overview.intro", lang),
        sections=tuple(sections),
    )


def prepare_overview(
    doc: Document, aliases: Mapping[str, str], names: NameDetector | None
) -> PreparedExport:
    """The overview checked for identifiers (``names``: None checks own rules only)."""
    return PreparedExport(doc, TEMPLATE, check_document(doc, aliases, names))


def checked_overview(
    meetings: Sequence[Meeting],
    registration: Registration | None,
    *,
    lang: str,
    today: date,
    aliases: Mapping[str, str],
    names: NameDetector | None = None,
    every: Sequence[Meeting] | None = None,
    titles: Mapping[str, str] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> PreparedExport:
    """The overview of ``meetings``, totalled (each period judged on ``every`` meeting) and
    checked for identifiers: what ``reflect meetings export`` and the app's f7 screen write."""
    summary = summarize(meetings, registration, today, every=every)
    doc = build_overview(
        meetings, summary, lang=lang, today=today, titles=titles, since=since, until=until
    )
    return prepare_overview(doc, aliases, names)
