"""Issue 11, speed: the de-identifier loads compact tables with the garbage collector paused,
the process leaves without tearing them down, and a first build shows its progress.

The real tables are used where the claim is about them (what the cache holds, the exit of a
real export); the build itself is replaced by a fake child process that tells its progress
the way the real one does (``reflect.privacy.warmup``), since a real build takes minutes.
"""

from __future__ import annotations

import gc
import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect import cli
from reflect.privacy import deidentifier, load_name_detector, lookup_cache, warmup
from reflect.privacy.warmup import BuildUpdate, TerminalProgress, format_duration

# ---- the compact trie answers as deduce's trie does ------------------------------------------

docdeid_lookup = pytest.importorskip("docdeid.ds.lookup")
LookupTrie = docdeid_lookup.LookupTrie


def _both(items: list[list[str]], pipeline: Any = None) -> tuple[Any, Any]:
    from reflect.privacy.compact_trie import CompactTrie

    trie = LookupTrie(matching_pipeline=pipeline)
    for item in items:
        trie.add_item(item)
    return trie, CompactTrie.from_trie(trie)


def _same_answers(trie: Any, compact: Any, texts: list[list[str]]) -> None:
    assert set(compact.children) == set(trie.children)
    for tokens in texts:
        for start in range(len(tokens) + 1):
            expected = trie.longest_matching_prefix(tokens, start_i=start)
            assert compact.longest_matching_prefix(tokens, start_i=start) == expected
        assert (tokens in compact) == (tokens in trie)


WORDS = st.sampled_from(["de", "Van", "van", "Kerk", "straat", "A", "b", "Jan", "jan", "-"])


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(st.lists(WORDS, min_size=1, max_size=4), max_size=25),
    texts=st.lists(st.lists(WORDS, max_size=7), max_size=8),
    lowercase=st.booleans(),
)
def test_compact_trie_gives_what_the_trie_gives(
    items: list[list[str]], texts: list[list[str]], lowercase: bool
) -> None:
    from docdeid.str import LowercaseString

    trie, compact = _both(items, [LowercaseString()] if lowercase else None)
    _same_answers(trie, compact, texts + items)


def test_compact_trie_survives_pickling_and_takes_new_items() -> None:
    import pickle

    trie, compact = _both([["Sint", "Jan"], ["Sint"], ["Utrecht"]])
    again = pickle.loads(pickle.dumps(compact))
    assert again.longest_matching_prefix(["Sint", "Jan", "x"]) == ["Sint", "Jan"]
    for tokens in (["Sint", "Jan", "de", "Doper"], ["Sint", "Maarten"]):
        trie.add_item(tokens)
        again.add_item(tokens)
    _same_answers(trie, again, [["Sint", "Jan", "de", "Doper", "x"], ["Sint", "Maarten"]])


def test_compact_trie_on_a_real_deduce_list() -> None:
    """deduce's hospital trie (lower-case matching, items of many words), built as deduce
    builds it, compared on every item and on sentences around them."""
    from deduce import lookup_struct_loader as loaders
    from deduce.deduce import _LOOKUP_LIST_PATH, Deduce
    from deduce.lookup_structs import load_raw_itemsets

    tokenizer = Deduce._initialize_tokenizer(_LOOKUP_LIST_PATH)
    raw = load_raw_itemsets(
        _LOOKUP_LIST_PATH, ["institutions/lst_hospital", "institutions/lst_hospital_abbr"]
    )
    from reflect.privacy.compact_trie import CompactTrie

    trie = loaders.load_hospital_lookup(raw, tokenizer)
    compact = CompactTrie.from_trie(trie)
    sentences = []
    for item in sorted(raw["hospital"])[:400]:
        words = [token.text for token in tokenizer.tokenize(f"Opgenomen in het {item} gisteren")]
        sentences.append(words)
    _same_answers(trie, compact, sentences)


# ---- loading: compact tables, the collector paused -------------------------------------------


def test_the_cache_holds_compact_tries_and_only_what_the_check_uses(names: Any) -> None:
    from reflect.privacy.compact_trie import CompactTrie

    structs = names._deduce.lookup_structs
    tries = {name for name, s in structs.items() if isinstance(s, LookupTrie)}
    assert tries == {
        "first_name",
        "surname",
        "street",
        "placename",
        "hospital",
        "healthcare_institution",
        "eponymous_disease",
    }
    assert all(isinstance(structs[name], CompactTrie) for name in tries)
    # lists deduce needs only while building are not kept
    assert not {"medical_term", "stop_word", "hospital_abbr"} & set(structs)


@pytest.fixture(scope="module")
def names() -> Any:
    return load_name_detector()


def test_deduce_loads_with_the_collector_paused_and_frozen_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The load runs with gc disabled; what it loaded is frozen (gc.freeze) before the
    collector comes back, and the collector's state is as it was."""
    seen: dict[str, Any] = {}

    class FakeDeduce:
        lookup_structs: ClassVar[dict[str, Any]] = {}

    def spy_load() -> FakeDeduce:
        seen["enabled during load"] = gc.isenabled()
        seen["frozen before"] = gc.get_freeze_count()
        seen["tables"] = [[object()] for _ in range(1000)]  # what a load leaves behind
        return FakeDeduce()

    monkeypatch.setattr(deidentifier, "_detector", None)
    monkeypatch.setattr(lookup_cache, "is_ready", lambda: True)
    monkeypatch.setattr(lookup_cache, "load_deduce", spy_load)
    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(gc.get_freeze_count()))
    assert gc.isenabled()
    load_name_detector()
    assert seen["enabled during load"] is False
    assert frozen, "what was loaded was not frozen"
    assert gc.isenabled()
    assert deidentifier.holds_tables()


def test_a_cache_that_cannot_be_read_is_built_again(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    class FakeDeduce:
        lookup_structs: ClassVar[dict[str, Any]] = {}

    def load() -> FakeDeduce:
        calls.append("load")
        if calls.count("load") == 1:
            raise EOFError("truncated")
        return FakeDeduce()

    monkeypatch.setattr(deidentifier, "_detector", None)
    monkeypatch.setattr(lookup_cache, "is_ready", lambda: True)
    monkeypatch.setattr(lookup_cache, "load_deduce", load)
    monkeypatch.setattr(lookup_cache, "discard_cache", lambda: calls.append("discard"))
    monkeypatch.setattr(warmup, "build_and_wait", lambda on_update=None: calls.append("build"))
    load_name_detector()
    assert calls == ["load", "discard", "build", "load"]


# ---- leaving the process without the teardown -----------------------------------------------


def test_leaving_after_an_export_runs_the_exit_handlers_then_os_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    order: list[str] = []

    class Left(BaseException):
        pass

    def fake_exit(code: int) -> None:
        order.append(f"os._exit({code})")
        raise Left

    class Stream(io.StringIO):
        def flush(self) -> None:
            order.append("flush")

    monkeypatch.setattr(cli, "main", lambda: 6)
    monkeypatch.setattr(deidentifier, "holds_tables", lambda: True)
    monkeypatch.setattr(os, "_exit", fake_exit)
    import atexit
    import threading

    monkeypatch.setattr(threading, "_shutdown", lambda: order.append("threads"))
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: order.append("atexit"))
    monkeypatch.setattr(sys, "stdout", Stream())
    monkeypatch.setattr(sys, "stderr", Stream())
    with pytest.raises(Left):
        cli.run()
    assert order == ["threads", "atexit", "flush", "flush", "os._exit(6)"]


def test_without_the_tables_the_exit_is_the_usual_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "main", lambda: 3)
    monkeypatch.setattr(deidentifier, "holds_tables", lambda: False)
    monkeypatch.setattr(os, "_exit", lambda code: pytest.fail("os._exit without the tables"))
    with pytest.raises(SystemExit) as ended:
        cli.run()
    assert ended.value.code == 3


# A marker whose finalizer says whether the interpreter tore the process down, and an exit
# handler that must run either way; then the real CLI in this process.
_PROBE = textwrap.dedent(
    """
    import atexit, os, sys

    class Marker:
        def __del__(self, write=os.write):
            write(2, b"TEARDOWN\\n")

    marker = Marker()
    atexit.register(lambda: os.write(2, b"ATEXIT\\n"))
    sys.argv = ["reflect", *sys.argv[1:]]
    from reflect.cli import run
    run()
    """
)


def _probe(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_a_real_export_leaves_without_teardown_and_keeps_its_exit_code(
    tmp_path: Path, names: Any
) -> None:
    env = {**os.environ, "REFLECT_PASSPHRASE": "speed test passphrase"}
    env["REFLECT_NEW_PASSPHRASE"] = env["REFLECT_PASSPHRASE"]
    assert _probe("init", env=env).returncode == 0
    entry = _probe("new", "--title", "Twijfel", "--situation", "Gesprek met Jan de Vries.", env=env)
    entry_id = entry.stdout.strip()
    listed = _probe("list", env=env)
    assert listed.returncode == 0 and "TEARDOWN" in listed.stderr  # the usual exit
    target = tmp_path / "out.md"
    refused = _probe("export", entry_id, "-o", str(target), env=env)
    assert refused.returncode == 6  # a name found: the contract's exit code
    assert "ATEXIT" in refused.stderr and "TEARDOWN" not in refused.stderr
    assert not target.exists()
    written = _probe("export", entry_id, "--redact", "-o", str(target), env=env)
    assert written.returncode == 0, written.stderr
    assert "ATEXIT" in written.stderr and "TEARDOWN" not in written.stderr
    assert "Jan de Vries" not in target.read_text(encoding="utf-8")
    assert "Twijfel" in target.read_text(encoding="utf-8")
    piped = _probe("export", entry_id, "--redact", env=env)  # to stdout: all of it arrives
    assert piped.returncode == 0 and "TEARDOWN" not in piped.stderr
    assert piped.stdout == target.read_text(encoding="utf-8")


# ---- a first build: in a child, with its progress shown --------------------------------------

# Tells progress as the real child does; waits for ``release`` (if given) half-way.
FAKE_CHILD = textwrap.dedent(
    """
    import pathlib, sys, time
    target, release = pathlib.Path(sys.argv[1]), sys.argv[2]
    print("progress 0.1000 lists", flush=True)
    time.sleep(0.6)
    print("progress 0.3000 street", flush=True)
    while release and not pathlib.Path(release).exists():
        time.sleep(0.05)
    time.sleep(0.6)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"tables")
    print("progress 1.0000 write", flush=True)
    print("ready", flush=True)
    """
)


@pytest.fixture
def fake_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """An empty cache folder and a fake child; returns the low_priority of each start."""
    monkeypatch.setenv(lookup_cache.ENV_FOLDER, str(tmp_path / "lookup"))
    starts: list[bool] = []

    def command(*, low_priority: bool) -> list[str]:
        starts.append(low_priority)
        release = os.environ.get("FAKE_BUILD_RELEASE", "")
        return [sys.executable, "-c", FAKE_CHILD, str(lookup_cache.cache_file()), release]

    monkeypatch.setattr(warmup, "child_command", command)
    return starts


def test_on_a_terminal_a_build_shows_a_bar_with_an_estimate(fake_build: list[bool]) -> None:
    stream = io.StringIO()
    warmup.build_and_wait(TerminalProgress(stream, tty=True))
    shown = stream.getvalue()
    assert fake_build == [False]  # the user waits: normal priority
    frames = shown.split("\r\x1b[K")
    assert any("10%" in frame and "left" in frame for frame in frames), shown
    assert any("30%" in frame for frame in frames)
    assert "estimating" not in frames[-2]  # an estimate once a tenth is done
    assert frames[-1].startswith("Identifier check ready") and frames[-1].endswith("\n")
    assert lookup_cache.is_ready()


def test_into_a_pipe_a_build_is_one_plain_line(fake_build: list[bool]) -> None:
    stream = io.StringIO()
    warmup.build_and_wait(TerminalProgress(stream, tty=False))
    assert stream.getvalue() == (
        "Preparing the identifier check: building its name lists, once after installing "
        "(1 to 5 minutes)…\n"
    )


def test_reflect_export_builds_first_with_the_note_on_stderr(
    fake_build: list[bool],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    class NoNames:
        lookup_structs: ClassVar[dict[str, Any]] = {}

        def deidentify(self, text: str, disabled: Any = None) -> Any:
            return type("Doc", (), {"annotations": []})()

    monkeypatch.setattr(deidentifier, "_detector", None)
    monkeypatch.setattr(lookup_cache, "load_deduce", NoNames)
    monkeypatch.setenv("REFLECT_PASSPHRASE", "speed test passphrase")
    monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", "speed test passphrase")
    assert cli.main(["init"]) == 0
    assert cli.main(["new", "--title", "Een dilemma"]) == 0
    entry_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert cli.main(["export", entry_id]) == 0
    out, err = capsys.readouterr()
    assert "Een dilemma" in out
    assert err.count("Preparing the identifier check") == 1
    assert fake_build == [False]


def test_a_failed_build_is_one_clear_error(
    fake_build: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        warmup,
        "child_command",
        lambda *, low_priority: [sys.executable, "-c", "print('failed MemoryError')"],
    )
    with pytest.raises(warmup.BuildFailed, match="MemoryError"):
        warmup.build_and_wait()


def test_the_child_finds_a_ready_cache_and_says_so(names: Any) -> None:
    """The real child process: the cache is there (the test session built it), so it says
    ready at once; it also waits politely for a build holding the lock."""
    from filelock import FileLock

    lock = FileLock(str(lookup_cache.cache_file().parent / "build.lock"))
    with lock:
        child = subprocess.Popen(
            [sys.executable, "-m", "reflect.privacy.warmup", "--low-priority"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "waiting"
    rest = child.communicate(timeout=60)[0].split()
    assert child.returncode == 0 and rest[-1] == "ready"


def test_estimates_follow_the_pace_so_far() -> None:
    assert BuildUpdate(0.02, "lists", 10.0).remaining is None
    assert BuildUpdate(0.25, "street", 30.0).remaining == pytest.approx(90.0)
    # between two steps the time left counts down from the last step's estimate
    assert BuildUpdate(0.25, "street", 40.0, since_step=10.0).remaining == pytest.approx(80.0)
    assert format_duration(42.4) == "42 s" and format_duration(125) == "2 min 05 s"
