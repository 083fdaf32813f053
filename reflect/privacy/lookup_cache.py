"""deduce's lookup tables as reflect's check needs them: built once, kept compact.

deduce builds its lookup tables from its word lists the first time it loads (one to five
minutes) and caches them as one pickle of 4.5 million objects (4 s to load with the garbage
collector paused, 9 s without, and seconds more to tear down at exit). reflect builds them
itself instead, step by step so a progress bar can follow (:func:`build_cache`), keeps only
the tables the check uses (names, places, institutions; not the lists deduce only needs
while building), stores each trie as a :class:`~reflect.privacy.compact_trie.CompactTrie`,
and writes the result in deduce's cache format, so ``Deduce(cache_path=...)`` loads it as
its own (:func:`load_deduce`): 40 objects tracked by the collector instead of 4.5 million,
40 MiB instead of 79, loaded about nine times faster (0.3 s on a quiet 2-core machine).

Where: ``REFLECT_LOOKUP_CACHE`` (a folder; tests and benchmarks), else a folder beside
deduce's own data when that is writable (one cache per installation, like deduce's), else
the user's cache folder. The folder name carries deduce's version and the format, so a new
version of either builds anew instead of reading a stale file.

Building is slow and takes memory (about 600 MB for minutes); reflect runs it in a child
process (:mod:`reflect.privacy.warmup`) and never in the process that shows the UI. Two
builds at once (the app warming up while ``reflect export`` runs in another terminal) are
kept apart by a file lock: the second waits and then finds the cache ready. The file is
written to a temporary name and renamed into place, so a reader never sees half of it.

Imports deduce only inside the functions that build or load.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs

# Bump when the layout of the cached tables changes: the folder name changes with it.
FORMAT = 1
_CACHE_FILE = "lookup_structs.pickle"  # deduce's name, inside <folder>/cache/
ENV_FOLDER = "REFLECT_LOOKUP_CACHE"

# (fraction done 0..1, name of the step just done)
BuildProgress = Callable[[float, str], None]

# The tables the check uses (deduce's name, location and institution annotators read them;
# reflect reads common_word). Lists deduce needs only while building are not kept.
_SETS = ("prefix", "interfix", "whitelist")
_PLAIN_SETS = ("initial", "interfix_surname", "common_word")
_TRIES = (
    "first_name",
    "surname",
    "street",
    "placename",
    "hospital",
    "healthcare_institution",
    "eponymous_disease",
)
# Each step's share of a build, from CPU seconds measured on a 2-core machine (a build took
# 165-170 s of CPU there; 97 s is reported on a quiet one). Reading the street list (its
# name variants) and building the street and institution tries are nearly all of it. The
# shares only drive the progress bar and its estimate; a step not named here counts 0.3.
_WEIGHTS: dict[str, float] = {
    "list:street": 70.0,
    "list:healthcare_institution": 4.0,
    "list:placename": 1.0,
    "sets": 0.3,
    "first_name": 0.7,
    "street": 95.0,
    "placename": 3.0,
    "hospital": 0.7,
    "healthcare_institution": 105.0,
    "eponymous_disease": 4.0,
}
_OTHER_WEIGHT = 0.3


@functools.cache
def deduce_version() -> str:
    import importlib.metadata

    return importlib.metadata.version("deduce")


def _deduce_data() -> Path | None:
    """deduce's data folder, found without importing deduce."""
    spec = importlib.util.find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def cache_folder() -> Path:
    """The folder handed to ``Deduce(cache_path=...)``; the file is in its ``cache/``."""
    env = os.environ.get(ENV_FOLDER)
    if env:
        return Path(env).expanduser()
    name = f"reflect-deduce-{deduce_version()}-v{FORMAT}"
    data = _deduce_data()
    if data is not None and os.access(data, os.W_OK):
        return data / name
    return Path(platformdirs.user_cache_dir("reflect", appauthor=False)) / name


def cache_file() -> Path:
    return cache_folder() / "cache" / _CACHE_FILE


def is_ready() -> bool:
    """Whether the tables are built (then loading takes about a second, not minutes)."""
    return cache_file().is_file()


@contextmanager
def quiet_root_logger() -> Iterator[None]:
    """Keep deduce's import-time ``logging.basicConfig(stream=sys.stdout, level=DEBUG)`` from
    taking over the process: it would print library chatter into `reflect export`'s stdout
    (the export itself), over the TUI's screen, and it turns on fontTools' debug output.
    basicConfig does nothing when the root logger already has a handler, so give it one."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    guard = logging.NullHandler()
    if not handlers:
        root.addHandler(guard)
    try:
        yield
    finally:
        root.setLevel(level)
        root.handlers[:] = handlers


def build_cache(
    progress: BuildProgress | None = None, waiting: Callable[[], None] | None = None
) -> Path:
    """Build the tables and write the cache (minutes; run it in a child process, see
    :mod:`reflect.privacy.warmup`). If another process is building, calls ``waiting()``,
    waits for it and then finds the cache ready. Returns the file."""
    from filelock import FileLock, Timeout

    report = progress or (lambda fraction, step: None)
    target = cache_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(target.parent / "build.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if waiting is not None:
            waiting()
        lock.acquire()
    try:
        if not target.is_file():
            # What a build that was killed left behind (no other build runs: the lock).
            for stale in target.parent.glob(".building-*"):
                with contextlib.suppress(OSError):
                    stale.unlink()
            _write(_build_structs(report), target)
    finally:
        lock.release()
    report(1.0, "write")
    return target


def _build_structs(report: BuildProgress) -> Any:
    """deduce's ``get_lookup_structs`` step by step (deduce 3.0.6, pinned), keeping only the
    tables the check uses, each trie made compact as soon as it is built."""
    from deduce import lookup_structs as deduce_structs
    from deduce.data.lookup.src import all_lists
    from deduce.deduce import _LOOKUP_LIST_PATH, Deduce
    from docdeid.ds.ds import DsCollection
    from docdeid.ds.lookup import LookupSet

    from reflect.privacy.compact_trie import CompactTrie

    steps = [f"list:{lst.split('/')[-1].removeprefix('lst_')}" for lst in all_lists]
    steps += ["sets", *_TRIES]
    total = sum(_WEIGHTS.get(name, _OTHER_WEIGHT) for name in steps)
    done = 0.0

    def step(name: str) -> None:
        nonlocal done
        done += _WEIGHTS.get(name, _OTHER_WEIGHT)
        report(min(done / total, 0.99), name)

    tokenizer = Deduce._initialize_tokenizer(_LOOKUP_LIST_PATH)
    raw: dict[str, set[str]] = {}
    for lst, name in zip(all_lists, steps, strict=False):
        raw.update(deduce_structs.load_raw_itemsets(base_path=_LOOKUP_LIST_PATH, subdirs=[lst]))
        step(name)
    structs = DsCollection()
    for name in _PLAIN_SETS:
        plain = LookupSet()
        plain.add_items_from_iterable(raw[name])
        structs[name] = plain
    for name in _SETS:
        structs[name] = deduce_structs._LOOKUP_SET_LOADERS[name](raw)
    step("sets")
    for name in _TRIES:
        trie = deduce_structs._LOOKUP_TRIE_LOADERS[name](raw, tokenizer)
        structs[name] = CompactTrie.from_trie(trie)
        del trie
        step(name)
    return structs


def _write(structs: Any, target: Path) -> None:
    """In deduce's cache format, to a temporary file renamed into place."""
    cache = {
        "deduce_version": deduce_version(),
        "saved_datetime": str(datetime.now()),
        "lookup_structs": structs,
        "reflect_format": FORMAT,
    }
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".building-")
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump(cache, file, protocol=pickle.HIGHEST_PROTOCOL)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)  # public word lists: readable like deduce's own cache
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def load_deduce() -> Any:
    """A ``Deduce`` on the compact tables (about a second). The cache must be ready
    (:func:`is_ready`); call it with the garbage collector paused (see deidentifier)."""
    from deduce import Deduce

    if not is_ready():
        # deduce would quietly build (minutes) and write a full-size cache in our folder.
        raise FileNotFoundError(cache_file())
    return Deduce(cache_path=cache_folder())


def discard_cache() -> None:
    """Remove a cache that could not be read, so the next load builds it again."""
    with contextlib.suppress(OSError):
        cache_file().unlink()
