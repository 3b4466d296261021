"""Read corpus files into :class:`~kg.models.Paper` records, one paper per work.

Paths may be files or directories (searched recursively). Each file's format is
chosen by its content (``--format`` forces one). A file or record that cannot be
read becomes a :class:`Problem` naming file and line, and the rest still load; only
when nothing at all can be read is it an :class:`~kg.errors.InputError`. The same
paper found in several files is kept once: the first copy wins and later copies only
fill in what the first lacked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from ..errors import InputError
from ..models import CONTROL_CHARACTERS, Paper
from . import arxiv, openalex, plain, semantic_scholar
from .hf_daily import looks_like_daily_papers, read_daily_papers
from .jsonl import PAGE_KEYS, read_records
from .problems import Problem

CORPUS_SUFFIXES = {".txt", ".jsonl", ".json", ".ndjson"}
FORMATS = ("daily-papers", "arxiv", "openalex", "semantic-scholar", "plain")
# Tried in this order; plain {"title", "abstract"} records last, as every richer format has both too.
RECORD_FORMATS = {"arxiv": arxiv, "openalex": openalex, "semantic-scholar": semantic_scholar, "plain": plain}
MAX_LINE = 200_000  # characters; a longer "abstract" is not one (spaCy also refuses texts past 1,000,000)

__all__ = ["Corpus", "Problem", "read_corpus", "corpus_files", "FORMATS"]


@dataclass
class Corpus:
    """Distinct papers of a corpus, with how many entries were read and what was skipped."""

    papers: list[Paper] = field(default_factory=list)
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


def decode_lines(path: Path) -> list[str]:
    """The file's lines as text; a binary or non-UTF-8 file is refused at its first bad line."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", str(path)) from None
    if not data.strip():
        raise InputError("file is empty", str(path))
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not a text corpus", str(path), data.count(b"\n", 0, data.index(b"\x00")) + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(f"not UTF-8 (byte 0x{data[err.start]:02x}); re-save the file as UTF-8 "
                         "(iconv -f latin1 -t utf-8)", str(path), line) from None
    return [line.removesuffix("\r") for line in text.split("\n")]  # \n only: U+2028 is text in a JSON string


def detect_format(path: Path, lines: list[str]) -> str:
    """The format of a file, from its first record or its page structure."""
    head = next((ln.strip() for ln in lines if ln.strip()), "")
    if head.startswith(("{", "[")):
        try:
            first = json.loads(head) if head.startswith("{") else json.loads("\n".join(lines))[0]
        except (json.JSONDecodeError, IndexError, KeyError, RecursionError):
            first = {}
        page = next((first[k] for k in PAGE_KEYS if isinstance(first, dict) and isinstance(first.get(k), list)), None)
        if page:
            first = page[0]  # an API page: {"data": [...]} or {"results": [...]}
        for name, module in RECORD_FORMATS.items():
            if isinstance(first, dict) and module.looks_like(first):
                return name
        raise InputError("JSON records of an unknown format (kg reads arXiv metadata, OpenAlex works, "
                         "Semantic Scholar papers, and plain records with \"title\" and \"abstract\")", str(path), 1)
    if looks_like_daily_papers("\n".join(lines[:60])):
        return "daily-papers"
    raise InputError("not a recognised corpus format (a Daily Papers page dump, or JSON records from arXiv, "
                     "OpenAlex or Semantic Scholar)", str(path), 1)


# Control characters (NUL above all: the store refuses it and the whole batch with it) and lone
# surrogates (spaCy and every encoder refuse them) are not text; each becomes a space.
NOT_TEXT = re.compile(CONTROL_CHARACTERS.pattern + r"|[\ud800-\udfff]")


def clean_text(paper: Paper | Problem) -> Paper | Problem:
    """A paper whose title and abstract hold only text; a title with none left is a problem."""
    if isinstance(paper, Problem):
        return paper
    title, abstract = (NOT_TEXT.sub(" ", t).strip() if NOT_TEXT.search(t) else t for t in (paper.title, paper.abstract))
    if not title:
        return Problem(paper.source, paper.line, "title holds no text; skipped")
    return paper if (title, abstract) == (paper.title, paper.abstract) else replace(paper, title=title, abstract=abstract)


def read_file(path: Path, fmt: str | None = None) -> Iterator[Paper | Problem]:
    """Papers and problems of one file, in file order, with their text cleaned."""
    return map(clean_text, _read_file(path, fmt))


def _read_file(path: Path, fmt: str | None = None) -> Iterator[Paper | Problem]:
    lines = decode_lines(path)
    for number, line in enumerate(lines, 1):
        # A saved API page or array is one long line of many records: JSON is limited per record instead.
        if len(line) > MAX_LINE and not line.lstrip().startswith(("{", "[")):
            yield Problem(str(path), number, f"line of {len(line):,} characters is not a paper; skipped")
            lines[number - 1] = ""
    fmt = fmt or detect_format(path, lines)
    if fmt in RECORD_FORMATS:
        yield from read_records(lines, str(path), RECORD_FORMATS[fmt].read_record)
    else:
        yield from read_daily_papers(iter(lines), str(path))


def read_corpus(paths: Iterable[str | Path], fmt: str | None = None) -> Corpus:
    """Read every corpus file under ``paths`` into one de-duplicated :class:`Corpus`.

    Raises :class:`InputError` for a missing path, or when no paper at all was found.
    """
    corpus = Corpus()
    by_id: dict[str, int] = {}  # paper id, DOI, arXiv id and source id -> index in corpus.papers
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
                if known is not None:
                    corpus.papers[known] = _fill_missing(corpus.papers[known], item)
                else:
                    known = len(corpus.papers)
                    corpus.papers.append(item)
                for k in keys | _identities(corpus.papers[known]):
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
    corpus.identities = {key: corpus.papers[index].id for key, index in by_id.items()}
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
