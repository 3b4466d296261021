"""Resolve a corpus's mentions and write them to a store a chunk of papers at a time, in flat memory.

Resolution and paper-to-paper links need the whole corpus: an acronym defined in the last
paper renames a bare use in the first, a concept's name is its most used spelling, and
BUILDS_ON needs the paper that introduces a name before anyone can be linked to it. So
the mentions are read in passes, each a chunk at a time, and only small corpus-wide
summaries stay in memory (alias definitions, the concepts, a title index, word counts):

1. facts: alias definitions, titles, lower-case words; 2. concepts, with every alias
known; then concepts are written; 3. papers and their mentions, chunk by chunk, noting
who introduces which name; 4. paper-to-paper links, chunk by chunk, once every paper
is stored (a link needs both ends); 5. the store recounts papers and co-occurrences.

The result is the graph :func:`kg.graph.build_graph` makes of the whole corpus at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx

from . import library
from .errors import Interrupted
from .graph import add_concepts, add_mention, add_paper_links, add_papers, add_stubs
from .links import BuildsOn, TitleIndex, lower_case_words, paper_citations
from .models import PaperMentions
from .progress import Progress
from .resolve import AliasDefinitions, Concept, Resolver, corpus_aliases, stored_alias_index
from .spool import CHUNK, chunks
from .store.base import Store
from .store.writer import WriteCounts, ensure_schema, recount_concepts, write_graph


@dataclass
class CorpusFacts:
    """What resolution and linking must know of the whole corpus, gathered in one pass."""

    aliases: AliasDefinitions = field(default_factory=AliasDefinitions)
    titles: TitleIndex = field(default_factory=TitleIndex)
    lower_words: Counter = field(default_factory=Counter)
    ids: set[str] = field(default_factory=set)

    @classmethod
    def gather(cls, results: Sequence[PaperMentions]) -> "CorpusFacts":
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


def write_corpus(results: Sequence[PaperMentions], store: Store, identities: dict[str, str],
                 batch_size: int = 2000, chunk_size: int = CHUNK, stream=None) -> Written:
    """Resolve ``results`` (re-readable, in corpus order) against ``store`` and write them into it.

    Progress goes to ``stream`` (default stderr) in three steps: papers written, papers
    linked, concepts recounted. Ctrl-C stops between batches, with :class:`Interrupted`.
    """
    facts = CorpusFacts.gather(results)
    known = stored_alias_index(library.run(store, "read", "concept_aliases"))
    resolver = Resolver(corpus_aliases(facts.aliases, known))
    for result in results:
        resolver.add(result)
    concepts = resolver.finish()
    rule = BuildsOn(concepts, len(facts.ids), facts.lower_words)
    written = Written(WriteCounts(), 0, concepts)

    def write(graph: nx.MultiDiGraph) -> None:
        counts = write_graph(store, graph, batch_size, recount=False)
        written.counts.papers += counts.papers
        written.counts.concepts += counts.concepts
        written.relationships += graph.number_of_edges()

    def papers_and_mentions(chunk: list[PaperMentions]) -> None:
        graph = nx.MultiDiGraph()
        add_papers(graph, [r.paper for r in chunk])
        for result in chunk:
            links = resolver.links(result)
            for cid, mention in links:
                add_mention(graph, result.paper.id, cid, mention)
            rule.add_proposer(result.paper, links)
        write(graph)

    stubs_written: set[str] = set()

    def paper_links(chunk: list[PaperMentions], origins) -> None:
        graph = nx.MultiDiGraph()
        for result in chunk:
            paper = result.paper
            cites, stubs = paper_citations(paper, facts.ids, identities)
            for stub in stubs:  # the first reference to a work names its stub, as in a whole build
                if stub.id not in stubs_written:
                    stubs_written.add(stub.id)
                    add_stubs(graph, [stub])
            add_paper_links(graph, rule.links_from(paper, resolver.links(result), origins)
                            + facts.titles.links_from(paper) + cites)
        write(graph)

    step = Progress("write", len(results), stream=stream)
    try:
        ensure_schema(store)
        concept_graph = nx.MultiDiGraph()
        add_concepts(concept_graph, concepts.values())
        write(concept_graph)
        for chunk in chunks(results, chunk_size):
            papers_and_mentions(chunk)
            step(len(chunk))
        step.finish()
        origins = rule.origins()
        step = Progress("link", len(results), stream=stream)
        for chunk in chunks(results, chunk_size):
            paper_links(chunk, origins)
            step(len(chunk))
        step.finish()
        step = Progress("recount", 2 * len(concepts), unit="counts (papers, co-occurrences)", stream=stream)
        recount_concepts(store, list(concepts), batch_size, step)
        step.finish()
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted while writing, after {step.done} of {step.total} {step.unit} in step "
                          f"'{step.label}' (whole batches) were stored in {store.location}; "
                          "run the same build again to finish it") from None
    return written
