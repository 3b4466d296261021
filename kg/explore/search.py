"""Full-text search over concept names and aliases, paper titles, abstracts and evidence sentences.

The stores' own full-text indexes answer (FalkorDB's ``db.idx.fulltext.queryNodes``, Neo4j's
``db.index.fulltext.queryNodes``), made by ``kg build`` (:mod:`kg.build.search_indexes`). The
evidence sentences are in each paper's ``entities`` text, the mentions extraction found, so the
paper index covers them without a new stored property. A concept is found by its name in the
index and by an exact alias through the index on aliases (FalkorDB's full-text index skips lists).

Reading never changes a store, so a store built before kg made these indexes (or a Bolt server
that has no full-text index, as ArcadeDB) is searched by scanning every paper and concept
instead; the hits then carry a ``note`` saying so and that ``kg build`` again makes the index.
"""

from __future__ import annotations

import json
import re

from ..cypher import library
from ..errors import KgError, QueryError
from ..store.base import Store

WORD = re.compile(r"\w+", re.UNICODE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
SNIPPET = 240  # characters of a snippet
NO_INDEX = ("this store has no full-text index (built before kg indexed text, or a server without full-text "
            "indexes): searched by scanning every paper and concept; run kg build again to index it")


class Hits(list):
    """Search hits, best first; ``note`` says when the store had no full-text index and was scanned instead."""

    note: str = ""


def search(store: Store, text: str, limit: int = 20) -> Hits:
    """Concepts and papers matching every word of ``text``, best first (any word, when none matches all).

    Each hit is ``{"kind": "concept"|"paper", "id", "label", "type", "snippet", "score"}``: ``label`` is
    the name or title, ``type`` the concept's type or "Paper", ``snippet`` the sentence that matched
    (an abstract's or an evidence sentence) or a concept's aliases and papers. ``score`` is the
    index's score scaled so the best concept and the best paper score 1; a concept named exactly
    ``text`` (or with it as an alias) scores 2, and a paper whose title holds every word gains 0.5 (1 when
    the title is exactly the words).
    """
    words = [w.lower() for w in WORD.findall(text or "")]
    if not words:
        raise QueryError(f"nothing to search for in {text!r}: give a word or a name")
    if limit < 1:
        raise QueryError(f"limit must be 1 or more, not {limit}")
    hits = Hits()
    try:
        if not has_text_index(store):
            raise KgError("no such full-text index")
        concepts, papers = _indexed(store, words, "all", limit)
        if not concepts and not papers and len(words) > 1:
            concepts, papers = _indexed(store, words, "any", limit)
    except KgError as err:
        if not _missing_index(err):
            raise
        hits.note = NO_INDEX
        concepts = library.run(store, "read", "scan_concepts", words=words, limit=limit)
        papers = library.run(store, "read", "scan_papers", words=words, limit=limit)
    aliased = library.run(store, "read", "concepts_by_alias", spellings=_spellings(text), limit=limit)
    hits.extend(sorted(_concept_hits(concepts, aliased, text) + _paper_hits(papers, words),
                       key=lambda h: (-h["score"], h["kind"], h["label"].lower(), h["id"]))[:limit])
    return hits


def full_text_query(words: list[str], dialect: str, mode: str = "all") -> str:
    """The store's full-text query for ``words`` (letters and digits only, so nothing is syntax).

    FalkorDB (RediSearch): words side by side must all match, ``|`` is or. Neo4j (Lucene): ``AND``/``OR``.
    The last word also matches as a prefix, so a name being typed is found.
    """
    if dialect == "falkordb":
        terms = [*words[:-1], f"({words[-1]}|{words[-1]}*)" if len(words[-1]) > 2 else words[-1]]
        return " ".join(terms) if mode == "all" else "|".join(terms)
    terms = [*words[:-1], f"({words[-1]} OR {words[-1]}*)" if len(words[-1]) > 2 else words[-1]]
    return (" AND " if mode == "all" else " OR ").join(terms)


def _indexed(store: Store, words: list[str], mode: str, limit: int) -> tuple[list[dict], list[dict]]:
    """Concepts and papers from the indexes; twice ``limit`` papers, so a title match the index ranks lower
    (a long abstract dilutes it) can still be lifted by :func:`title_bonus`."""
    query = full_text_query(words, store.dialect, mode)
    return (library.run(store, "read", "search_concepts", query=query, limit=limit),
            library.run(store, "read", "search_papers", query=query, limit=2 * limit))


def has_text_index(store: Store) -> bool:
    """Whether the store has kg's full-text indexes. FalkorDB answers a query of a missing one with no rows, so
    its index list is read; Neo4j refuses such a query, which :func:`search` takes as the answer."""
    if store.dialect != "falkordb":
        return True
    indexed = {r["label"]: dict(r["types"]) for r in library.run(store, "read", "text_indexes")}
    return all("FULLTEXT" in indexed.get(label, {}).get(prop, []) for label, prop in (("Paper", "abstract"),
                                                                                       ("Concept", "name")))


def _missing_index(err: KgError) -> bool:
    """Whether the store said it has no such full-text index, or no full-text procedure at all (ArcadeDB)."""
    text = str(err).lower()
    return any(s in text for s in ("no such full-text index", "no such fulltext schema index",
                                   "error executing procedure", "there is no procedure", "not registered"))


def _spellings(text: str) -> list[str]:
    """The case variants of ``text`` an alias may be stored in: as typed, upper, lower, title case."""
    given = " ".join(text.split())
    return list(dict.fromkeys([given, given.upper(), given.lower(), given.title()]))


def _concept_hits(found: list[dict], aliased: list[dict], text: str) -> list[dict]:
    best = max((r["score"] for r in found), default=0) or 1
    wanted = _words(text)
    hits: dict[str, dict] = {}
    for row in [*aliased, *found]:
        exact = _words(row["name"]) == wanted or wanted in (_words(a) for a in row["aliases"] or [])
        score = 2.0 if exact else float(row.get("score") or 0) / best
        if row["id"] in hits and hits[row["id"]]["score"] >= score:
            continue
        aliases = ", ".join((row["aliases"] or [])[:6])
        snippet = f"{row['type']} · {_papers(row['papers'])}" + (f" · also: {aliases}" if aliases else "")
        hits[row["id"]] = {"kind": "concept", "id": row["id"], "label": row["name"], "type": row["type"],
                           "snippet": snippet, "score": round(score, 3)}
    return list(hits.values())


def _words(name: str) -> str:
    """A name as its lower-case words: "Retrieval-Augmented Generation" is "retrieval augmented generation"."""
    return " ".join(WORD.findall(name.lower()))


def _paper_hits(found: list[dict], words: list[str]) -> list[dict]:
    """Papers scored by the index, scaled so the best is 1, plus :func:`title_bonus`."""
    best = max((float(r["score"] or 0) for r in found), default=0.0)
    return [{"kind": "paper", "id": r["id"], "label": r["title"] or r["id"], "type": "Paper",
             "snippet": snippet(r, words),
             "score": round((float(r["score"]) / best if best > 0 else 1.0) + title_bonus(r["title"], words), 3)}
            for r in found]


def title_bonus(title: str | None, words: list[str]) -> float:
    """0.5 when every word is in the title (as a word's start, as the index stems), 1 when the title is the
    words: a paper asked for by its title comes first, whatever its abstract's length does to the index's score."""
    have = WORD.findall((title or "").lower())
    if have == words:
        return 1.0
    return 0.5 if all(any(h.startswith(w[:max(4, len(w) - 2)]) for h in have) for w in words) else 0.0


def snippet(paper: dict, words: list[str]) -> str:
    """The sentence of the abstract, or else the evidence sentence, holding most of ``words`` (by prefix,
    as the index stems them); the abstract's first sentence when none holds any."""
    sentences = [s for s in SENTENCE_END.split(paper.get("abstract") or "") if s.strip()]
    evidence = _evidence(paper.get("entities"))
    stems = [w[:max(4, len(w) - 2)] for w in words]

    def hits(sentence: str) -> int:
        found = {w.lower() for w in WORD.findall(sentence)}
        return sum(any(f.startswith(s) for f in found) for s in stems)

    scored = [(hits(s), -i, s) for i, s in enumerate(sentences)] + [(hits(s), -len(sentences) - i, s)
                                                                    for i, s in enumerate(evidence)]
    best = max(scored, default=(0, 0, ""))
    chosen = best[2] if best[0] else (sentences[0] if sentences else "")
    return chosen if len(chosen) <= SNIPPET else chosen[:SNIPPET - 1] + "…"


def _evidence(entities: str | None) -> list[str]:
    """The evidence sentences in a paper's stored entities text, each once, in order."""
    try:
        rows = json.loads(entities) if entities else []
    except ValueError:
        return []
    return list(dict.fromkeys(r[5] for r in rows if isinstance(r, list) and len(r) > 5 and r[5]))


def _papers(count: int | None) -> str:
    return f"{count or 0} paper" + ("" if count == 1 else "s")
