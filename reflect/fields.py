"""The one table of an entry's fields: name, kind and labels in Dutch and English.

Everything that lists an entry's fields reads this table: the model's free-text fields, the
app's full form, the CLI's options, the JSON input, the plain-text output and the export
templates. A field added here appears in all of them; a field missing from one of them is
a bug a test finds (the form test is generated from this table).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How a field is written, stored and shown."""

    LINE = "line"  # one line of free text
    TEXT = "text"  # free text over several lines
    PAIRS = "pairs"  # rows of two texts (an option and its harm; who and their values)
    ARTICLES = "articles"  # tagged articles of a code, each with a note
    METHOD = "method"  # the id of a method in the catalogue, or none
    ANSWERS = "answers"  # answers to method steps that fill no other field, by step id
    STATUS = "status"  # draft, decided, evaluated
    DATE = "date"  # a calendar date, or none


@dataclass(frozen=True)
class Words:
    """A text in both languages of the interface."""

    nl: str
    en: str

    def text(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


@dataclass(frozen=True)
class FieldSpec:
    """One field of an entry."""

    name: str
    kind: Kind
    label: Words
    hint: Words | None = None  # the placeholder in the form: what to write here
    # For PAIRS: the two keys each row has in JSON and storage, and their column labels.
    pair_keys: tuple[str, str] | None = None
    pair_labels: tuple[Words, Words] | None = None
    # For list kinds: the name of one item, used for the repeatable command-line option.
    singular: str | None = None

    @property
    def option(self) -> str:
        """The command-line option that sets this field: ``--case-code``, or for a list the
        repeatable ``--option``/``--stakeholder``/``--article``."""
        return "--" + (self.singular or self.name).replace("_", "-")

    @property
    def is_text(self) -> bool:
        return self.kind in (Kind.LINE, Kind.TEXT)


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "title",
        Kind.LINE,
        Words("Titel", "Title"),
        Words("Een paar woorden om haar terug te vinden", "A few words to find it again"),
    ),
    FieldSpec(
        "case_code",
        Kind.LINE,
        Words("Casuscode", "Case code"),
        Words(
            "Een code zoals WT-2025-014 — nooit een naam",
            "A code such as WT-2025-014 — never a name",
        ),
    ),
    # Early in the form: choosing a method turns the form into the method's steps.
    FieldSpec("method", Kind.METHOD, Words("Methode", "Method")),
    FieldSpec(
        "situation",
        Kind.TEXT,
        Words("Situatie", "Situation"),
        Words(
            "Wat gebeurde er? Eerst de feiten; geen namen.", "What happened? Facts first; no names."
        ),
    ),
    FieldSpec(
        "question",
        Kind.TEXT,
        Words("Vraag", "Question"),
        Words(
            "Wat wil ik onderzoeken (in supervisie of intervisie)?",
            "What do I want to explore (in supervision or intervision)?",
        ),
    ),
    FieldSpec(
        "dilemma",
        Kind.TEXT,
        Words("Dilemma", "Dilemma"),
        Words("Moet ik A doen of B?", "Should I do A or B?"),
    ),
    FieldSpec(
        "options",
        Kind.PAIRS,
        Words("Opties en de schade van elk", "Options and the harm each causes"),
        pair_keys=("description", "harm"),
        pair_labels=(Words("Optie", "Option"), Words("Schade die het aanricht", "Harm it causes")),
        singular="option",
    ),
    FieldSpec(
        "stakeholders",
        Kind.PAIRS,
        Words("Betrokkenen en hun waarden", "Stakeholders and their values"),
        pair_keys=("who", "values"),
        pair_labels=(
            Words("Wie", "Who"),
            Words("Waarden die op het spel staan", "Values at stake"),
        ),
        singular="stakeholder",
    ),
    FieldSpec(
        "decision",
        Kind.TEXT,
        Words("Besluit", "Decision"),
        Words("Wat ik besloot (of waar ik naar neig)", "What I decided (or lean towards)"),
    ),
    FieldSpec(
        "rationale",
        Kind.TEXT,
        Words("Onderbouwing", "Rationale"),
        Words("Waarom: wat woog het zwaarst?", "Why: what weighed heaviest?"),
    ),
    FieldSpec(
        "damage_limitation",
        Kind.TEXT,
        Words("Schade beperken", "Limiting the harm"),
        Words("Hoe beperk ik de schade van mijn keuze?", "How can I limit the harm of my choice?"),
    ),
    FieldSpec(
        "feelings",
        Kind.TEXT,
        Words("Gevoelens", "Feelings"),
        Words("Wat voel ik erbij?", "How do I feel about it?"),
    ),
    FieldSpec(
        "learning_goal",
        Kind.TEXT,
        Words("Leerdoel", "Learning goal"),
        Words("Welk leerdoel raakt dit?", "Which learning goal does this touch?"),
    ),
    FieldSpec("articles", Kind.ARTICLES, Words("Artikelen", "Articles"), singular="article"),
    FieldSpec(
        "method_answers",
        Kind.ANSWERS,
        Words("Antwoorden bij de methode", "Method answers"),
        singular="answer",
    ),
    # The evaluation, written when the follow-up date comes (reflect.operations.evaluation):
    # looking back on what was decided, the step that closes one cycle and opens the next.
    FieldSpec(
        "evaluation_outcome",
        Kind.TEXT,
        Words("Wat er daarna gebeurde", "What happened afterwards"),
        Words(
            "Hoe liep het af, voor de cliënt en de anderen?",
            "How did it turn out, for the client and the others?",
        ),
    ),
    FieldSpec(
        "evaluation_again",
        Kind.TEXT,
        Words("Wat ik opnieuw zo zou doen", "What I would do again"),
        Words("Wat werkte en houd ik vast?", "What worked and do I keep?"),
    ),
    FieldSpec(
        "evaluation_learned",
        Kind.TEXT,
        Words("Wat ik leerde", "What I learned"),
        Words("Wat neem ik mee naar een volgende keer?", "What do I take into a next time?"),
    ),
    FieldSpec("status", Kind.STATUS, Words("Status", "Status")),
    FieldSpec(
        "follow_up",
        Kind.DATE,
        Words("Opvolgen op", "Follow up on"),
        Words("JJJJ-MM-DD", "YYYY-MM-DD"),
    ),
    FieldSpec(
        "delete_after",
        Kind.DATE,
        Words("Vernietigen na", "Destroy after"),
        Words("JJJJ-MM-DD", "YYYY-MM-DD"),
    ),
)

# Set by reflect, never typed by the user: accepted in JSON input only as they were emitted
# (and ignored there). ``follows`` links a next cycle to the entry it was started from
# (reflect.operations.evaluation).
READ_ONLY: tuple[str, ...] = ("id", "created", "updated", "follows")

BY_NAME: dict[str, FieldSpec] = {spec.name: spec for spec in FIELDS}

# The free-text fields, in the order a form or an export shows them.
TEXT_FIELDS: tuple[str, ...] = tuple(spec.name for spec in FIELDS if spec.is_text)


def label(name: str, lang: str) -> str:
    """The field's label in ``lang`` (``Onderbouwing``)."""
    return BY_NAME[name].label.text(lang)
