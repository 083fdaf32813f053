"""Names, places and institutions, found by ``deduce`` (Dutch de-identification), loaded lazily.

Loading takes about a second: deduce's lookup tables come from reflect's compact cache
(:mod:`reflect.privacy.lookup_cache`) with the garbage collector paused. The first time after
installing the tables are built first — minutes, in a child process
(:mod:`reflect.privacy.warmup`), which the app starts in the background after the first
unlock. :func:`load_name_detector` loads once per process and is safe to call from several
threads at once (the first caller does the work, the others wait for it); the TUI calls it
from a worker, the CLI with a progress bar for a build. :func:`loaded_name_detector` answers
without blocking. A process that has loaded the tables leaves without tearing them down
(:func:`holds_tables`, used by :func:`reflect.cli.run`).

Only deduce's person, location and institution annotations are used; numbers, dates and ages
come from :mod:`reflect.privacy.rules`, which can validate them.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

from reflect.privacy import lookup_cache
from reflect.privacy.rules import Match

if TYPE_CHECKING:
    from reflect.privacy.warmup import BuildUpdate

# deduce tag -> our kind
_TAGS = {
    "persoon": "person",
    "patient": "person",
    "locatie": "place",
    "instelling": "institution",
    "ziekenhuis": "institution",
}
# Processor groups we do not need; switching them off makes each check faster.
_DISABLED = {"dates", "ages", "identifiers", "phone_numbers", "email_addresses", "urls"}

# Progress steps reported while loading: (step, total, what is happening).
LOAD_STEPS = 3
ProgressCallback = Callable[[int, int, str], None]


class NameDetector(Protocol):
    """Finds names, places and institutions; tests may pass a fake."""

    def find(self, text: str) -> list[Match]: ...


# Words deduce sometimes takes for a name when they start a sentence or a list item, and the
# vocabulary of the field, which must never raise an alarm. Compared case-insensitively with
# the whole annotation.
def _words(text: str) -> list[str]:
    return text.split()


_NEVER_NAMES = frozenset(
    _words(
        """
        stap fase vraag casus cliënt client cliente moeder vader ouder ouders zoon dochter kind
        jongen meisje oma opa tante oom broer zus partner ex gezin school huisarts wijkteam
        jeugdteam buurtteam teamleider collega supervisor intervisie supervisie werkbegeleider
        gezinsvoogd jeugdbescherming aandachtsfunctionaris veilig thuis meldcode beroepscode
        artikel bpsw nvmw ggz wmo jeugdwet ik wij we zij hij het de een mijn my i you he she
        they it the a an our their his her this that what when then article step case mother
        father son daughter child team manager balint balintmethode incidentmethode
        roddelmethode probleemoplossingsmethode alact starr gibbs kolb socratisch moreel beraad
        mevrouw meneer
        """
    )
) | {"veilig thuis", "raad voor de kinderbescherming", "moreel beraad", "sociaal werk nederland"}

# "Mevrouw K.", "dhr. B." — a title with initials only is how professionals already
# pseudonymise; deduce marks it as a person, we leave it alone.
_TITLE_WITH_INITIALS = re.compile(
    r"^(?i:mevrouw|mevr\.?|mw\.?|meneer|mijnheer|dhr\.?|de heer|mr\.?|mrs\.?|ms\.?)\s+"
    r"(?:[A-Z]\.?\s*){1,3}$"
)


class DeduceNameDetector:
    """Wraps a loaded :class:`deduce.Deduce` and keeps only the annotations we trust."""

    def __init__(self, deduce: Any) -> None:
        self._deduce = deduce
        try:
            self._common_words: Any = deduce.lookup_structs["common_word"]
        except (AttributeError, KeyError, TypeError):
            self._common_words = frozenset()

    def find(self, text: str) -> list[Match]:
        if not text.strip():
            return []
        document = self._deduce.deidentify(text, disabled=_DISABLED)
        matches = []
        for annotation in document.annotations:
            kind = _TAGS.get(str(annotation.tag))
            if kind is None:
                continue
            start, end = int(annotation.start_char), int(annotation.end_char)
            if _is_false_alarm(text[start:end]) or self._sentence_start_word(text, start, end):
                continue
            matches.append(Match(kind, start, end))
        return matches

    def _sentence_start_word(self, text: str, start: int, end: int) -> bool:
        """A single common word ("Schoon", "Stap") capitalised only because a sentence starts.

        The same word in mid-sentence ("gesprek met Schoon") is still reported.
        """
        word = text[start:end]
        if " " in word.strip() or word.casefold() not in self._common_words:
            return False
        before = text[:start].rstrip(" \t\"'‘“(-*•")
        return not before or before[-1] in ".!?:;\n"


def _is_false_alarm(found: str) -> bool:
    words = found.strip(" .,:;").casefold()
    if words in _NEVER_NAMES or _TITLE_WITH_INITIALS.match(found.strip()):
        return True
    return all(word in _NEVER_NAMES for word in words.split())


_lock = threading.Lock()
_detector: DeduceNameDetector | None = None


def loaded_name_detector() -> DeduceNameDetector | None:
    """The detector if it has been loaded already; never blocks, never loads."""
    return _detector


@contextmanager
def _collector_paused() -> Iterator[None]:
    """deduce unpickles its lookup tables as millions of small objects; Python's cycle
    collector would scan them again and again while they arrive (three quarters of the load
    time). So it is paused during the load, and what was loaded is then frozen (``gc.freeze``)
    so later collections skip those tables, which live as long as the process. Reference
    counting goes on as usual; only cycles wait the few seconds of the load."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def load_name_detector(
    progress: ProgressCallback | None = None,
    on_build: Callable[[BuildUpdate], None] | None = None,
) -> DeduceNameDetector:
    """The detector, loading deduce first if this process has not yet (slow: run in a worker).

    About a second when the lookup tables are built; the first time after installing they
    are built first, in a child process (minutes), and ``on_build`` is called with its
    progress (see :class:`reflect.privacy.warmup.TerminalProgress`).

    ``progress(step, total, message)`` is called as loading goes on; the messages are
    English and meant for logs, the UI shows its own text per step.
    """
    global _detector
    report = progress or (lambda step, total, message: None)
    if _detector is not None:
        report(LOAD_STEPS, LOAD_STEPS, "ready")
        return _detector
    with _lock:
        if _detector is None:
            report(1, LOAD_STEPS, "importing deduce")
            if not lookup_cache.is_ready():
                report(2, LOAD_STEPS, "building lookup structures")
                _build_in_child(on_build)
            else:
                report(2, LOAD_STEPS, "loading lookup structures")
            try:
                deduce = _load_deduce()
            except ImportError:
                raise
            except Exception:
                # A cache that cannot be read (a disk that filled up, a bug in an older
                # build): built once more, then loaded, or the error is told.
                lookup_cache.discard_cache()
                _build_in_child(on_build)
                deduce = _load_deduce()
            _detector = DeduceNameDetector(deduce)
        report(LOAD_STEPS, LOAD_STEPS, "ready")
        return _detector


def _build_in_child(on_build: Callable[[BuildUpdate], None] | None) -> None:
    from reflect.privacy.warmup import build_and_wait

    build_and_wait(on_build)


def _load_deduce() -> Any:
    """deduce on reflect's compact tables: the collector paused while they arrive."""
    with lookup_cache.quiet_root_logger(), _collector_paused():
        return lookup_cache.load_deduce()


def holds_tables() -> bool:
    """Whether deduce's tables are loaded in this process: then leaving the process should
    skip the interpreter's teardown of them (see :func:`reflect.cli.run`)."""
    return _detector is not None
