"""Read corpus files into :class:`~kg.models.Paper` records, one paper per work.

Paths may be files or directories (searched recursively). The same paper found in
several files is kept once: the first copy wins and later copies only fill in a
date or author count the first lacked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import InputError
from ..models import Paper
from .hf_daily import looks_like_daily_papers, read_daily_papers
from .problems import Problem

CORPUS_SUFFIXES = {".txt", ".jsonl", ".json"}

__all__ = ["Corpus", "Problem", "read_corpus", "corpus_files"]


@dataclass
class Corpus:
    """Distinct papers of a corpus, with how many entries were read and what was skipped."""

    papers: list[Paper] = field(default_factory=list)
    entries: int = 0
    files: int = 0
    problems: list[Problem] = field(default_factory=list)


def corpus_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and directories into the corpus files to read, in a stable order."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise InputError("no such file or directory", str(path))
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in CORPUS_SUFFIXES)
            if not found:
                raise InputError(
                    f"directory holds no corpus files ({', '.join(sorted(CORPUS_SUFFIXES))})", str(path))
            files.extend(found)
        else:
            files.append(path)
    return files


def decode_lines(path: Path) -> list[str]:
    """The file's lines as text; a binary or non-UTF-8 file is refused at its first bad line."""
    data = path.read_bytes()
    if not data.strip():
        raise InputError("file is empty", str(path))
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not a text corpus", str(path), data[:8192].count(b"\n", 0, data.index(b"\x00")) + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(
            f"not UTF-8 (byte 0x{data[err.start]:02x}); re-save the file as UTF-8", str(path), line) from None
    return text.splitlines()


def read_file(path: Path) -> Iterator[Paper | Problem]:
    """Papers and problems of one file, in file order."""
    lines = decode_lines(path)
    if not looks_like_daily_papers("\n".join(lines[:60])):
        raise InputError("not a recognised corpus format (expected a Daily Papers page dump)", str(path), 1)
    yield from read_daily_papers(iter(lines), str(path))


def read_corpus(paths: Iterable[str | Path]) -> Corpus:
    """Read every corpus file under ``paths`` into one de-duplicated :class:`Corpus`.

    Raises :class:`InputError` for a missing path, or when no paper at all was found.
    """
    corpus = Corpus()
    by_id: dict[str, int] = {}
    files = corpus_files(paths)
    for path in files:
        corpus.files += 1
        found = 0
        for item in read_file(path):
            if isinstance(item, Problem):
                corpus.problems.append(item)
                continue
            found += 1
            corpus.entries += 1
            if item.id in by_id:
                first = corpus.papers[by_id[item.id]]
                corpus.papers[by_id[item.id]] = _fill_missing(first, item)
            else:
                by_id[item.id] = len(corpus.papers)
                corpus.papers.append(item)
        if not found:
            corpus.problems.append(Problem(str(path), 1, "no papers found in this file"))
    if not corpus.papers:
        where = str(files[0]) if len(files) == 1 else f"{len(files)} files"
        raise InputError("no papers found (expected title lines each followed by an abstract line)", where)
    return corpus


def _fill_missing(first: Paper, other: Paper) -> Paper:
    updates = {k: getattr(other, k) for k in ("date", "year", "month", "authors")
               if getattr(first, k) is None and getattr(other, k) is not None}
    return replace(first, **updates) if updates else first
