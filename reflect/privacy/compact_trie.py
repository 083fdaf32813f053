"""A :class:`docdeid.ds.LookupTrie` kept in a few flat dictionaries of strings.

deduce keeps its name, place and institution lists as tries of ``LookupTrie`` nodes: about
three Python objects per node (the node, its ``__dict__``, its ``children`` dict), 1.9
million nodes in all, every one of them tracked by the garbage collector. Unpickling them was
most of the time a warm export took, and tearing them down at exit most of the rest.

:class:`CompactTrie` answers the same questions from

- ``children``: each word an item can start with -> whether that word alone is an item
  (docdeid reads the keys of ``children`` as the start words of its annotator);
- ``_rest``: for a start word with longer items, all paths below it in one string, parsed
  into a dictionary the first time a text holds that word.

Strings and booleans are not tracked by the collector, and most start words (street names,
first names) have no longer items, so the whole structure is a few hundred thousand strings
in a handful of containers: it loads several times faster than the trie of nodes. It is made
from a built ``LookupTrie`` (:meth:`CompactTrie.from_trie`) keeping its keys exactly as
stored, so every lookup gives what the original gives, token for token (tests compare them).

Imports docdeid: import this module only where deduce is loaded.
"""

from __future__ import annotations

from typing import Any

from docdeid.ds.lookup import LookupTrie

# Join the tokens of a path, and the paths below one start word. Neither occurs in a token
# of real text: the tokenizer splits on whitespace, and reflect cleans control characters
# out of what is typed. At worst a token holding one could match a longer item: an alarm.
SEP = "\x1f"
LINE = "\x1e"


class CompactTrie(LookupTrie):
    """The lookups of a :class:`LookupTrie` (``longest_matching_prefix``, ``in``, the start
    words in ``children``) from flat dictionaries of strings."""

    def __init__(
        self,
        matching_pipeline: Any = None,
        children: dict[str, bool] | None = None,
        rest: dict[str, str] | None = None,
        root_terminal: bool = False,
    ) -> None:
        # Not LookupTrie.__init__, which would make ``children`` a dict of nodes.
        self.matching_pipeline = matching_pipeline
        self.is_terminal = root_terminal
        # Start word -> whether it alone is an item: docdeid reads only the keys.
        starts = children if children is not None else {}
        self.children: dict[str, bool] = starts  # type: ignore[assignment]
        self._rest: dict[str, str] = rest if rest is not None else {}
        self._parsed: dict[str, dict[str, bool]] = {}

    @classmethod
    def from_trie(cls, trie: LookupTrie) -> CompactTrie:
        """The compact form of a built trie, its keys as stored (no pipeline applied)."""
        children: dict[str, bool] = {}
        rest: dict[str, str] = {}
        for first, node in trie.children.items():
            children[first] = bool(node.is_terminal)
            lines = []
            stack: list[tuple[str, LookupTrie]] = list(node.children.items())
            while stack:
                path, below = stack.pop()
                lines.append(("1" if below.is_terminal else "0") + path)
                stack.extend((path + SEP + key, child) for key, child in below.children.items())
            if lines:
                rest[first] = LINE.join(sorted(lines))
        return cls(trie.matching_pipeline, children, rest, bool(trie.is_terminal))

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_parsed"] = {}  # a cache: rebuilt on use
        return state

    def _paths_below(self, first: str) -> dict[str, bool]:
        """The paths below a start word (tokens after it, joined by SEP) -> item ends there."""
        parsed = self._parsed.get(first)
        if parsed is None:
            blob = self._rest.get(first, "")
            parsed = {line[1:]: line[0] == "1" for line in blob.split(LINE)} if blob else {}
            self._parsed[first] = parsed
        return parsed

    def add_item(self, item: list[str]) -> None:
        """As :meth:`LookupTrie.add_item`: the pipeline applies to the first token only."""
        if not item:
            self.is_terminal = True
            return
        first = self._apply_matching_pipeline(item[0])
        if len(item) == 1:
            self.children[first] = True
            return
        self.children.setdefault(first, False)
        paths = dict(self._paths_below(first))
        for end in range(2, len(item)):
            paths.setdefault(SEP.join(item[1:end]), False)
        paths[SEP.join(item[1:])] = True
        self._parsed[first] = paths
        self._rest[first] = LINE.join(("1" if flag else "0") + p for p, flag in paths.items())

    def __contains__(self, item: object) -> bool:
        """As :meth:`LookupTrie.__contains__` (the pipeline applies to the first token)."""
        if not isinstance(item, list | tuple):
            return False
        if not item:
            return bool(self.is_terminal)
        first = self._apply_matching_pipeline(item[0])
        if len(item) == 1:
            return self.children.get(first, False)
        return first in self.children and self._paths_below(first).get(SEP.join(item[1:]), False)

    def longest_matching_prefix(self, item: list[str], start_i: int = 0) -> list[str] | None:
        """As :meth:`LookupTrie.longest_matching_prefix`: the longest item that starts at
        ``item[start_i]``, its tokens as matched (through the pipeline), or None."""
        if start_i >= len(item):
            return None
        first = self._apply_matching_pipeline(item[start_i])
        terminal = self.children.get(first)
        if terminal is None:
            return None
        matched = [first]
        longest = 1 if terminal else 0
        if first in self._rest:
            paths = self._paths_below(first)
            path = ""
            for index in range(start_i + 1, len(item)):
                token = self._apply_matching_pipeline(item[index])
                path = token if index == start_i + 1 else path + SEP + token
                ends = paths.get(path)
                if ends is None:
                    break
                matched.append(token)
                if ends:
                    longest = len(matched)
        return matched[:longest] if longest else None
