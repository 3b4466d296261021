"""Resolve a corpus's mentions, with every paper the store already holds, and write them in flat memory.

A store built a file at a time must hold what one build of all the files holds. So each
build resolves and links again every paper the store holds (each stored paper keeps the
mentions extraction found, as text) together with the new ones: an acronym defined in
a new paper renames a bare use in a stored one, a concept's name and type are counted
over all their mentions, and links or concepts no paper gives any more are removed.

Resolution and paper-to-paper links need the whole corpus: an acronym defined in the last
paper renames a bare use in the first, a concept's name is its most used spelling, and
BUILDS_ON needs the paper that introduces a name before anyone can be linked to it. So
the mentions are read in passes, each a chunk at a time, and only small corpus-wide
summaries stay in memory (alias definitions, the concepts, a title index, word counts):

1. facts: alias definitions, titles, lower-case words; 2. concepts, with every alias
known; then concepts are written; 3. papers and their mentions, chunk by chunk, noting
who introduces which name; 4. paper-to-paper links, chunk by chunk, once every paper
is stored (a link needs both ends); 5. concepts no paper resolves to are deleted, and
the store recounts papers and co-occurrences.

The result is the graph :func:`kg.graph.in_memory.build_graph` makes of the whole corpus at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from itertools import chain

import networkx as nx

from ..cypher import library
from ..errors import Interrupted
from ..graph.in_memory import add_concepts, add_mention, add_paper_links, add_papers, add_stubs, mentions_of, \
    paper_node
from ..graph.links import BuildsOn, PaperLink, TitleIndex, lower_case_words, paper_citations
from ..graph.resolve import AliasDefinitions, Concept, Resolver
from ..graph.thesaurus import Thesaurus
from ..progress import Progress
from ..records import Mention, Paper, PaperMentions
from ..store.base import BATCH_SIZE, Store
from ..store.writer import WriteCounts, delete_concepts, ensure_schema, recount_concepts, unlink_concepts, \
    unlink_papers, write_graph
from .spool import CHUNK, Spool, SpooledList, chunks

TYPED = ("USES", "EVALUATED_ON", "OPTIMISES")
STORED_PAGE = 500  # stored papers read back per query


@dataclass
class CorpusFacts:
    """What resolution and linking must know of the whole corpus, gathered in one pass."""

    aliases: AliasDefinitions = field(default_factory=AliasDefinitions)
    titles: TitleIndex = field(default_factory=TitleIndex)
    lower_words: Counter = field(default_factory=Counter)
    ids: set[str] = field(default_factory=set)

    @classmethod
    def gather(cls, results: Iterable[PaperMentions]) -> "CorpusFacts":
        facts = cls()
        facts.lower_words = lower_case_words(facts._note(result) for result in results)
        return facts

    def _note(self, result: PaperMentions):
        self.aliases.add(result)
        self.titles.add(result.paper)
        self.ids.add(result.paper.id)
        return result.paper


@dataclass
class Written:
    """What a build wrote: papers and concepts, relationships, and the concepts themselves."""

    counts: WriteCounts
    relationships: int
    concepts: dict[str, Concept]
    unused_rows: list[str] = field(default_factory=list)  # thesaurus rows that named no concept


class WholeCorpus:
    """The papers the store already holds and are not in this build, then this build's: re-readable, in order."""

    def __init__(self, stored: Sequence[PaperMentions], new: Sequence[PaperMentions]):
        self.stored, self.new = stored, new

    def __len__(self) -> int:
        return len(self.stored) + len(self.new)

    def __iter__(self) -> Iterator[PaperMentions]:
        return chain(self.stored, self.new)


def read_stored(store: Store, exclude: set[str], into: SpooledList) -> SpooledList:
    """Every paper ``store`` holds but ``exclude``, with its mentions, into ``into`` (a spool's list), in id order.

    A paper keeps the mentions extraction found (``entities``); one written before kg kept
    them gives its links instead, one mention per concept it is linked to.
    """
    ids = [row["id"] for row in library.run(store, "read", "paper_ids") if row["id"] not in exclude]
    for page in chunks(ids, STORED_PAGE):
        for row in library.run(store, "read", "stored_papers", ids=page):
            into.append(_stored_paper(row["paper"], row["links"]))
    return into


def _stored_paper(props: dict, links: list[dict]) -> PaperMentions:
    paper = _paper_of(props)
    if props.get("entities"):
        return PaperMentions(paper, mentions_of(props["entities"]))
    return PaperMentions(paper, tuple(
        Mention(link["name"], link["type"], proposed="PROPOSES" in link["types"], confidence=link["confidence"] or 0.0,
                evidence=link["evidence"] or "", relation=next((t for t in TYPED if t in link["types"]), "MENTIONS"))
        for link in sorted(links, key=lambda link: link["name"])))


def _paper_of(props: dict) -> Paper:
    """A stored Paper node's properties as the :class:`Paper` a reader made."""
    source, _, line = (props.get("source") or "").rpartition(":")
    return Paper(props["id"], props.get("title") or "", props.get("abstract") or "", source,
                 int(line) if line.isdigit() else 0, props.get("date"), props.get("year"), props.get("month"),
                 props.get("authors"), props.get("doi"), props.get("arxiv_id"), props.get("external_id"))


def first_copies(store: Store, papers: list[Paper]) -> list[Paper]:
    """``papers`` as the store will keep them, where an earlier build stored a copy of one.

    As when one build reads a paper twice, the first copy wins and the other only fills in
    what it lacks; "first" is by file and line, the order one build of all the files reads
    them in, so adding files later keeps the copy a build of them all would keep.
    """
    stored = {row["paper"]["id"]: _paper_of(row["paper"])
              for row in library.run(store, "read", "stored_paper_properties", ids=[p.id for p in papers])
              if row["paper"].get("stub") is False}
    kept = []
    for paper in papers:
        other = stored.get(paper.id)
        if other is not None:
            first, later = sorted((paper, other), key=lambda p: (p.source, p.line))
            paper = _fill_missing(first, later)
        kept.append(paper)
    return kept


def _fill_missing(first: Paper, later: Paper) -> Paper:
    """``first`` with what it lacks taken from ``later`` (the references too: the store does not keep them)."""
    return replace(first, **{f.name: getattr(later, f.name) for f in fields(Paper)
                             if getattr(first, f.name) in (None, ()) and getattr(later, f.name) not in (None, ())})


def write_corpus(results: Sequence[PaperMentions], store: Store, identities: dict[str, str],
                 batch_size: int = BATCH_SIZE, chunk_size: int = CHUNK, stream=None,
                 thesaurus: Thesaurus | None = None) -> Written:
    """Resolve ``results`` (re-readable, in corpus order) with every paper ``store`` holds, and write them into it.

    Progress goes to ``stream`` (default stderr) in three steps: papers written, papers
    linked, concepts recounted. Ctrl-C stops between batches, with :class:`Interrupted`.
    A ``thesaurus`` given replaces the one the store keeps (an empty one removes it); without
    one, the stored one applies, so a build after ``kg curate`` keeps the user's corrections.
    """
    if thesaurus is not None:
        store_thesaurus(store, thesaurus)
    else:
        thesaurus = stored_thesaurus(store)
    with Spool() as spool:
        stored = read_stored(store, {r.paper.id for r in results}, spool.list())
        return _write(WholeCorpus(stored, results), store, identities, batch_size, chunk_size, stream, thesaurus)


def store_thesaurus(store: Store, thesaurus: Thesaurus) -> None:
    """Keep ``thesaurus`` in the store in place of any other; one without rows removes the stored one."""
    if thesaurus:
        library.run(store, "write", "thesaurus", read_only=False, rows=thesaurus.rows(), source=thesaurus.source)
    else:
        library.run(store, "write", "clear_thesaurus", read_only=False)


def stored_thesaurus(store: Store) -> Thesaurus | None:
    """The thesaurus the store keeps, or None."""
    rows = library.run(store, "read", "thesaurus")
    if not rows or not rows[0]["rows"]:
        return None
    return Thesaurus.parse(list(rows[0]["rows"]), f"the thesaurus stored in {store.location} (from "
                           f"{rows[0]['source']})")


def _write(corpus: WholeCorpus, store: Store, identities: dict[str, str], batch_size: int, chunk_size: int,
           stream, thesaurus: Thesaurus | None = None) -> Written:
    facts = CorpusFacts.gather(corpus)
    resolver = Resolver(facts.aliases.index(), thesaurus)
    for result in corpus:
        resolver.add(result)
    concepts = resolver.finish()
    rule = BuildsOn(concepts, len(facts.ids), facts.lower_words)
    written = Written(WriteCounts(), 0, concepts, resolver.curation.unused() if resolver.curation else [])
    new_ids = {r.paper.id for r in corpus.new}

    def write(graph: nx.MultiDiGraph) -> None:
        counts = write_graph(store, graph, batch_size, recount=False)
        written.counts.papers += counts.papers
        written.counts.concepts += counts.concepts
        written.relationships += graph.number_of_edges()

    def kept(graph: nx.MultiDiGraph, chunk: list[PaperMentions]) -> list[dict]:
        """For each paper of ``chunk``, the links ``graph`` gives it, as the unlink statements take them."""
        return [{"paper": r.paper.id, "keep": [f"{k}|{v.removeprefix('paper:')}"
                                               for _, v, k in graph.out_edges(paper_node(r.paper.id), keys=True)]}
                for r in chunk]

    def papers_and_mentions(chunk: list[PaperMentions]) -> None:
        graph = nx.MultiDiGraph()
        new = [r for r in chunk if r.paper.id in new_ids]
        add_papers(graph, first_copies(store, [r.paper for r in new]), {r.paper.id: r.mentions for r in new})
        for result in chunk:
            graph.add_node(paper_node(result.paper.id))
            links = resolver.links(result)
            for cid, mention in links:
                add_mention(graph, result.paper.id, cid, mention)
            rule.add_proposer(result.paper, links)
        unlink_concepts(store, kept(graph, chunk), batch_size)
        write(graph)

    stubs_written: set[str] = set()

    def paper_links(chunk: list[PaperMentions], origins) -> None:
        graph = nx.MultiDiGraph()
        for result in chunk:
            paper = result.paper
            graph.add_node(paper_node(paper.id))
            cites: list[PaperLink] = []
            if paper.id in new_ids:  # a stored paper's references were listed by its source then, and kept
                cites, stubs = paper_citations(paper, facts.ids, identities)
                for stub in stubs:  # the first reference to a work names its stub, as in a whole build
                    if stub.id not in stubs_written:
                        stubs_written.add(stub.id)
                        add_stubs(graph, [stub])
            add_paper_links(graph, rule.links_from(paper, resolver.links(result), origins)
                            + facts.titles.links_from(paper) + cites)
        unlink_papers(store, kept(graph, chunk), batch_size)
        write(graph)

    step = Progress("write", len(corpus), stream=stream)
    try:
        ensure_schema(store)
        concept_graph = nx.MultiDiGraph()
        add_concepts(concept_graph, concepts.values())
        write(concept_graph)
        for chunk in chunks(corpus, chunk_size):
            papers_and_mentions(chunk)
            step(len(chunk))
        step.finish()
        origins = rule.origins()
        step = Progress("link", len(corpus), stream=stream)
        for chunk in chunks(corpus, chunk_size):
            paper_links(chunk, origins)
            step(len(chunk))
        step.finish()
        stale = [row["id"] for row in library.run(store, "read", "concept_aliases") if row["id"] not in concepts]
        delete_concepts(store, stale, batch_size)
        step = Progress("recount", 2 * len(concepts), unit="counts (papers, co-occurrences)", stream=stream)
        recount_concepts(store, list(concepts), batch_size, step)
        step.finish()
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted while writing, after {step.done} of {step.total} {step.unit} in step "
                          f"'{step.label}' (whole batches) were stored in {store.location}; "
                          "run the same build again to finish it") from None
    return written
