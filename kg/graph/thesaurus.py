"""A user's corrections to the concepts, as VOSviewer's thesaurus file gives them: merge, rename, retype, drop.

No extractor is perfect: a reader who sees "LoRA" and "low-rank adaptations" as two nodes
writes one line to make them one. The file is tab-separated, one row a line::

    # comments and blank lines are skipped
    low-rank adaptations<TAB>LoRA          merge: every concept FROM names becomes the concept TO names
    Contriever<TAB>Contriever retriever    rename: the concept is named TO as written
    ANCE<TAB>Method:ANCE                   retype: TO may start with a type (Method, Dataset, Loss, Task)
    ANCE<TAB>ANCE<TAB>Method               the same, the type in a third column
    ignore<TAB>neural networks             drop the concept FROM names (its papers keep the mention text)

A VOSviewer thesaurus reads as is: its header ``label<TAB>replace by`` is skipped, and a row
whose TO is empty drops FROM. Names are compared as the build compares them (case,
hyphens, plurals, the corpus's acronyms: "LoRA" names the concept of "low-rank adaptation"
where the corpus defines it so). Rows apply in chains (a -> b, b -> c sends a to c).

The thesaurus is applied inside resolution (:class:`kg.graph.resolve.Resolver`), so a
store keeps it (a ``:Thesaurus`` node), every later build applies it to every paper again,
and applying it twice is applying it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, shown
from ..schema import CONCEPT_TYPES

IGNORE = "ignore"
VOSVIEWER_HEADER = ("label", "replace by")


@dataclass(frozen=True)
class Rename:
    """Concepts ``source`` names become the concept ``target`` names, called ``target``, of ``type`` if given."""

    source: str
    target: str
    type: str | None = None


@dataclass(frozen=True)
class Thesaurus:
    """The rows of a thesaurus file, in file order (a row earlier in the file wins a conflict)."""

    renames: tuple[Rename, ...] = ()
    ignored: tuple[str, ...] = ()
    source: str = ""

    def __bool__(self) -> bool:
        return bool(self.renames or self.ignored)

    def rows(self) -> list[str]:
        """The rows as the file writes them (tab-separated), the form the store keeps and ``kg stats`` lists."""
        return [f"{r.source}\t{r.type + ':' if r.type else ''}{r.target}" for r in self.renames] + \
            [f"{IGNORE}\t{name}" for name in self.ignored]

    @classmethod
    def read(cls, path: str | Path) -> "Thesaurus":
        """The thesaurus in the file at ``path``; a bad row is an :class:`InputError` naming file:line."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as err:
            raise InputError(f"cannot read the thesaurus: {err.strerror}", str(path)) from None
        except UnicodeDecodeError:
            raise InputError("the thesaurus is not UTF-8 text", str(path)) from None
        return cls.parse(text.splitlines(), str(path))

    @classmethod
    def parse(cls, lines: list[str], source: str = "thesaurus") -> "Thesaurus":
        renames: list[Rename] = []
        ignored: list[str] = []
        for number, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = [c.strip() for c in line.rstrip("\r\n").split("\t")]
            if tuple(c.lower() for c in cells[:2]) == VOSVIEWER_HEADER:
                continue
            while len(cells) > 2 and not cells[-1]:
                cells.pop()
            if len(cells) == 3 and cells[1] and cells[0].lower() != IGNORE:
                cells = [cells[0], f"{_type_cell(cells[2], source, number)}:{cells[1]}"]
            if len(cells) != 2:
                raise InputError(f"a row is FROM<TAB>TO[<TAB>TYPE] or ignore<TAB>NAME, tab-separated, not "
                                 f"{shown(line)!r}", source, number)
            first, second = cells
            if not first:
                raise InputError(f"the row names no concept to change: {shown(line)!r}", source, number)
            if first.lower() == IGNORE:
                ignored.append(second)
            elif not second:  # VOSviewer: an empty "replace by" drops the label
                ignored.append(first)
            else:
                type_, target = _typed(second, source, number)
                renames.append(Rename(first, target, type_))
        return cls(tuple(renames), tuple(ignored), source)


def _type_cell(text: str, source: str, line: int) -> str:
    by_lower = {t.lower(): t for t in CONCEPT_TYPES}
    if text.lower() not in by_lower:
        raise InputError(f"unknown concept type {shown(text)!r}; choose from {', '.join(CONCEPT_TYPES)}",
                         source, line)
    return by_lower[text.lower()]


def _typed(text: str, source: str, line: int) -> tuple[str | None, str]:
    """``Method:LoRA`` -> ("Method", "LoRA"); a name without a known type before a colon stays whole."""
    head, sep, rest = text.partition(":")
    by_lower = {t.lower(): t for t in CONCEPT_TYPES}
    if sep and head.strip().lower() in by_lower:
        if not rest.strip():
            raise InputError(f"{text!r} gives a type but no name", source, line)
        return by_lower[head.strip().lower()], rest.strip()
    return None, text


class Curation:
    """A thesaurus bound to a corpus: which concept keys it drops and where it sends the others.

    ``key_of(name, type)`` is the key resolution gives a name written as a mention of that
    type (through kg's lexicon and the corpus's acronyms), and ``identity(key)`` what two
    keys share to be one concept; rows are matched to mentions through them, so a row names
    a concept by any of its names. Everything is decided from the rows and the corpus's
    definitions, never from the order papers arrive in.
    """

    def __init__(self, thesaurus: Thesaurus, key_of, identity):
        self.rows = thesaurus.rows()  # renames first, then ignores: a row's index is its place here
        self.used: set[int] = set()  # the rows some mention matched, so a row naming nothing can be reported
        self._ignored: dict[tuple[str, str], int] = {}
        for index, name in enumerate(thesaurus.ignored, len(thesaurus.renames)):
            for t in CONCEPT_TYPES:
                self._ignored.setdefault((t, identity(key_of(name, t))), index)
        self._moves: dict[tuple[str, str], tuple[str, str, int]] = {}  # (type, identity) -> (key, identity, row)
        self.forced: dict[str, tuple[str, str | None]] = {}  # a target's identity -> (its name, its type)
        for index, rename in enumerate(thesaurus.renames):
            for t in CONCEPT_TYPES:
                target_key = key_of(rename.target, rename.type or t)
                target = identity(target_key)
                self._moves.setdefault((t, identity(key_of(rename.source, t))), (target_key, target, index))
                self.forced.setdefault(target, (rename.target, rename.type))

    def ignores(self, type_: str, identity: str) -> bool:
        index = self._ignored.get((type_, identity))
        if index is not None:
            self.used.add(index)
        return index is not None

    def move(self, type_: str, identity: str) -> tuple[str, str] | None:
        """(key, identity) of the concept a mention of this type and identity goes to, following chains; or None."""
        seen = {identity}
        found = None
        while (type_, identity) in self._moves:
            key, identity, index = self._moves[(type_, identity)]
            self.used.add(index)
            if identity in seen:  # a -> b -> a: stop where the cycle closes
                return found or (key, identity)
            seen.add(identity)
            found = (key, identity)
        return found

    def unused(self) -> list[str]:
        """The rows no mention matched, as the file writes them: a misspelt name, or a concept no longer found."""
        return [row for index, row in enumerate(self.rows) if index not in self.used]
