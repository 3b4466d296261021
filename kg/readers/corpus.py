"""A corpus: every file under the paths given, read into distinct papers.

The same paper found in several files (or formats) is kept once: the first copy
wins and later copies only fill in what the first lacked. A file or record that
cannot be read is a :class:`Problem`; only when nothing at all can be read is it an
:class:`~kg.errors.InputError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, MutableSequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from ..errors import InputError
from ..records import Paper
from .formats import read_file
from .problems import Problem

CORPUS_SUFFIXES = {".txt", ".jsonl", ".json", ".ndjson"}


@dataclass
class Corpus:
    """Distinct papers of a corpus, with how many entries were read and what was skipped."""

    papers: MutableSequence[Paper] = field(default_factory=list)
    identities: dict[str, str] = field(default_factory=dict)  # DOI, arXiv or source id -> paper id
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
        elif not path.is_file():
            raise InputError("not a regular file (a pipe or a device); save the corpus to a file first", str(path))
        else:
            files.append(path)
    return files


def read_corpus(paths: Iterable[str | Path], fmt: str | None = None, papers: MutableSequence | None = None) -> Corpus:
    """Read every corpus file under ``paths`` into one de-duplicated :class:`Corpus`.

    A paper found twice (the same id, DOI, arXiv id or source id) is kept once, its first
    copy's fields filled in from later ones. Records that cannot be read are skipped and
    listed in ``problems``, so one bad line does not stop a corpus.

    Parameters
    ----------
    paths : iterable of str or Path
        Files, or folders (every corpus file under them, in sorted order).
    fmt : str, optional
        Read every file as this format (one of :data:`kg.readers.FORMATS`); by default
        each file's format is chosen from its content.
    papers : MutableSequence, optional
        Where the papers go (default: a new list); a build passes a list on disk
        (:class:`kg.build.spool.SpooledList`), so a corpus of any size is read in flat memory.

    Returns
    -------
    Corpus
        ``papers`` in the order first read, ``identities`` (DOI, arXiv or source id -> paper
        id), the counts of ``entries`` and ``files``, and the ``problems`` met.

    Raises
    ------
    InputError
        A path is missing, or no paper at all was found (naming the file, and the line when known).

    Examples
    --------
    >>> from kg.readers import read_corpus
    >>> corpus = read_corpus(["samples/hf-daily-papers"])  # doctest: +SKIP
    >>> len(corpus.papers), corpus.problems  # doctest: +SKIP
    (401, [])
    """
    corpus = Corpus(papers=[] if papers is None else papers)
    by_id: dict[str, int] = {}  # paper id, DOI, arXiv id and source id -> index in corpus.papers
    ids: list[str] = []  # each paper's id, by index: a later copy fills fields in, never the id
    files = corpus_files(paths)
    for path in files:
        corpus.files += 1
        found = 0
        try:
            for item in read_file(path, fmt):
                if isinstance(item, Problem):
                    corpus.problems.append(item)
                    continue
                found += 1
                corpus.entries += 1
                keys = _identities(item)
                known = next((by_id[k] for k in keys if k in by_id), None)
                if known is None:
                    known = len(ids)
                    ids.append(item.id)
                    corpus.papers.append(item)
                else:
                    corpus.papers[known] = _fill_missing(corpus.papers[known], item)
                for k in keys:
                    by_id.setdefault(k, known)
        except InputError as err:
            corpus.problems.append(Problem(err.path or str(path), err.line or 0, err.reason))
            continue
        if not found:
            corpus.problems.append(Problem(str(path), 0, "no papers found in this file"))
    if not corpus.papers:
        if len(corpus.problems) == 1 or len(files) == 1:
            first = corpus.problems[0]
            raise InputError(first.message, first.source, first.line or None)
        raise InputError(f"no papers found in {len(files)} files; first problem: {corpus.problems[0]}")
    corpus.identities = {key: ids[index] for key, index in by_id.items()}
    return corpus


def _identities(paper: Paper) -> set[str]:
    """Every key that names this work: its title id, DOI, arXiv id and the source's own id."""
    keys = {paper.id}
    if paper.doi:
        keys.add("doi:" + paper.doi.lower())
    if paper.arxiv_id:
        keys.add("arxiv:" + re.sub(r"v\d+$", "", paper.arxiv_id))
    if paper.external_id:
        keys.add(paper.external_id)
    return keys


def _fill_missing(first: Paper, other: Paper) -> Paper:
    updates = {f.name: getattr(other, f.name) for f in fields(Paper)
               if getattr(first, f.name) in (None, ()) and getattr(other, f.name) not in (None, ())}
    if first.references and other.references:  # each source knows some citations: keep them all
        updates["references"] = first.references + tuple(r for r in other.references if r not in first.references)
    return replace(first, **updates) if updates else first
