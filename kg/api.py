"""The Python API: open a store, build into it, query it, draw it.

>>> import kg
>>> with kg.open() as graph:                       # doctest: +SKIP
...     graph.build(["samples/hf-daily-papers"])
...     graph.top_concepts(type="Dataset", limit=5)  # any named query, as a method
...     graph.cypher("MATCH (p:Paper) RETURN count(p) AS papers")
...     graph.show("CLIP", html="clip.html")
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterable
from pathlib import Path

from .cypher import library
from .errors import MissingStore, StoreError
from .readwrite.export import export_graph, stored_graph
from .readwrite.neo4j_import import write_import_files
from .store import DEFAULT_STORE_DIR, DEFAULT_WAIT, EmbeddedStore, open_store
from .store.base import BATCH_SIZE, Store
from .views.neighbourhood import neighbourhood, page_file
from .views.overview import overview
from .views.render import write_html


MAP_FILE = "kg-map.html"  # where the corpus overview goes: kg build and kg map write it

PARAM_TYPES = {"string": str, "concept": str, "concepts": list, "type": str, "int": int, "float": float,
               "bool": bool, "list": list}  # the query headers' types


class MapPage(type(Path())):
    """The path of a written map, with what it shows: ``nodes``, ``left_out`` (neighbours or concepts
    left off the page) and a ``note`` when a partial name was taken for the one asked for."""

    def __new__(cls, path, nodes: int = 0, left_out: int = 0, note: str = ""):
        return super().__new__(cls, path)

    def __init__(self, path, nodes: int = 0, left_out: int = 0, note: str = ""):
        if sys.version_info >= (3, 12):  # pathlib takes its arguments in __init__ from 3.12 on
            super().__init__(path)
        self.nodes, self.left_out, self.note = nodes, left_out, note

    def summary(self) -> str:
        return f"{self.resolve()}: {self.nodes} nodes" + (f", {self.left_out} left out" if self.left_out else "")


class KnowledgeGraph:
    """A knowledge graph in a store. Named queries from ``cypher/queries`` are methods."""

    def __init__(self, store: Store | None, missing: "_MissingStore | None" = None):
        self._store, self._missing = store, missing

    @property
    def store(self) -> Store:
        """The open store; a graph opened on a store that does not exist yet has one only after ``build``."""
        if self._store is None:
            raise self._missing.error()
        return self._store

    def build(self, paths: Iterable[str | Path], batch_size: int = BATCH_SIZE, quiet: bool = True, strict: bool = False,
              input_format: str | None = None, workers: int | None = None, chunk_size: int | None = None,
              min_confidence: float | None = None, thesaurus: str | Path | None = None, vectors: bool = False):
        """Read, extract and write the corpus at ``paths``; running it again changes nothing.

        Returns a :class:`kg.build.pipeline.BuildReport` (its ``problems`` list the records skipped).
        ``strict`` refuses to write anything when any record is bad; ``input_format`` forces a format;
        ``workers`` parse processes (default: one per core for a corpus big enough to repay them);
        ``chunk_size`` papers are resolved and written at a time (default 2,000), whatever the corpus's size;
        ``min_confidence`` keeps entities at least this likely to be right (default: the model's cut-off, 0.5);
        ``thesaurus``, a file of the user's corrections to the concepts, replaces the one the store keeps
        (:meth:`curate`); ``vectors`` also stores one MiniLM vector per paper in the store's vector index, for
        :meth:`similar` and :meth:`place` (default off: a MiniLM pass over each abstract more).
        """
        from .build.pipeline import build  # spaCy and torch load only when something is extracted
        from .graph.thesaurus import Thesaurus

        thesaurus = Thesaurus.read(thesaurus) if thesaurus is not None else None  # a bad row fails before extraction
        if self._store is None:  # only a build creates a store, as on the command line
            self._store = self._missing.create()
        chunk = {"chunk_size": chunk_size} if chunk_size else {}
        return build(paths, self.store, batch_size=batch_size, quiet=quiet, strict=strict, input_format=input_format,
                     workers=workers, min_confidence=min_confidence, thesaurus=thesaurus, vectors=vectors,
                     **chunk)

    def curate(self, thesaurus: str | Path, batch_size: int = BATCH_SIZE, quiet: bool = True):
        """Apply a thesaurus file to the stored graph and keep it, so later builds apply it too: ``kg curate``.

        It merges, renames, retypes and drops concepts (:mod:`kg.graph.thesaurus` gives the
        file's rows) by resolving every stored paper again, then recounts papers and
        co-occurrences; applying the same file twice is applying it once. A file without
        rows removes the stored thesaurus. Returns what was written
        (:class:`kg.build.write_store.Written`: its ``concepts`` are the concepts now stored).
        """
        from .build.write_store import write_corpus
        from .graph.thesaurus import Thesaurus
        from .progress import quiet_stream

        rows = Thesaurus.read(thesaurus)  # a bad row fails before the store is touched
        return write_corpus([], self.store, {}, batch_size, stream=quiet_stream() if quiet else None, thesaurus=rows)

    def query(self, name: str, /, **params) -> list[dict]:
        """Run the named query ``name`` with keyword parameters, read-only; rows as plain dicts."""
        return library.run(self.store, "queries", name, **params)

    def cypher(self, text: str, /, *, write: bool = False, **params) -> list[dict]:
        """Run raw Cypher; pass every value as a parameter (``$name``), never in the text.

        Read-only unless ``write=True``: the store refuses any change, and any statement that
        reads files or URLs (``LOAD CSV``) or calls a procedure, deciding from the parsed statement.
        """
        return self.store.run(text, params, read_only=not write)

    def show(self, concept: str, html: str | Path | None = None, hops: int = 2, max_nodes: int = 60) -> "MapPage":
        """Write the neighbourhood of a concept (or a paper, by title or id) as a self-contained HTML map.

        ``html`` defaults to ``show-<concept>.html``, as ``kg show`` writes, so the build's
        ``kg-map.html`` is never overwritten by a look at one concept.
        A name that matches nothing exactly takes the best partial match; the page's ``note`` says which.
        """
        html = html or show_file(concept)
        hood = neighbourhood(self.store, concept, hops=hops, max_nodes=max_nodes)
        shown = hood.graph.number_of_nodes()
        subtitle = f"{shown} nodes within {hops} hop{'s' if hops != 1 else ''}" + (
            f"; {hood.left_out} weaker neighbours left out" if hood.left_out else "")
        note = f"{concept!r} names nothing exactly; showing {hood.centre_name!r}, its best partial match" \
            if hood.partial else ""
        path = write_html(hood.graph, html, f"Neighbourhood of {hood.centre_name}", subtitle, hood.centre)
        return MapPage(path, shown, hood.left_out, note)

    def map(self, html: str | Path = MAP_FILE, top: int | None = None, types: Iterable[str] | None = None,
            min_shared: int = 2) -> "MapPage":
        """Write the corpus overview: top concepts linked by association strength, coloured by community.

        ``top`` defaults to a third of the papers, between 30 and 150, so a small corpus is not all hubs.
        """
        view = overview(self.store, top=top, min_shared=min_shared)
        graph = view.graph
        if types:
            graph = graph.subgraph([n for n, d in graph.nodes(data=True) if d["type"] in set(types)]).copy()
        communities = len({d.get("community") for _, d in graph.nodes(data=True)})
        subtitle = (f"{graph.number_of_nodes()} of the top {view.top} concepts by papers · links: association "
                    f"strength, {min_shared}+ shared papers · colours: {communities} communities, named by their "
                    "most specific concepts" + (" (the 9 biggest named)" if communities > 10 else ""))
        if view.left_out:
            subtitle += f" · {view.left_out} without such a link left out"
        path = write_html(graph, html, "Concept map", subtitle, by_community=True)
        return MapPage(path, graph.number_of_nodes(), view.left_out)

    def trend(self, concept: str | None = None, since: int | None = None, limit: int = 20) -> list[dict]:
        """Papers per year for ``concept``; without one, the concepts rising fastest since ``since``.

        ``since`` defaults to the latest year in the store, so the question is "what is new this year".
        """
        if concept:
            return self.query("concept_trend", name=concept)
        if since is None:
            latest = library.run(self.store, "read", "latest_year")
            if not latest or latest[0]["year"] is None:
                return []
            since = latest[0]["year"]
        return self.query("rising_concepts", since=since, limit=limit)

    def search(self, text: str, limit: int = 20) -> list[dict]:
        """Concepts (names, aliases) and papers (titles, abstracts, evidence sentences) matching ``text``, best
        first, by the store's full-text index: ``kg search``. Each hit is ``{"kind": "concept"|"paper", "id",
        "label", "type", "snippet", "score"}``; see :func:`kg.explore.search.search`. A store built before kg
        indexed text is scanned instead, and the list's ``note`` says so (``kg build`` again indexes it)."""
        from .explore import search

        return search(self.store, text, limit)

    def similar(self, paper: str, limit: int = 10) -> list[dict]:
        """Papers like ``paper`` (its id or exact title), best first: ``kg similar``. Each is ``{"id", "title",
        "year", "score", "shared", "cosine"}``: shared concepts weighted so rare ones count more (tf-idf
        cosine), averaged with the cosine of stored paper vectors when the store has them (``cosine``,
        else None); see :func:`kg.explore.similar.similar`."""
        from .explore import similar

        return similar(self.store, paper, limit)

    def place(self, text: str, limit: int = 10, title: str = "") -> dict:
        """Where the abstract ``text`` fits, writing nothing: ``kg place``. Returns ``{"concepts": [...],
        "new_concepts": [...], "nearest": [...]}``: the stored concepts it shares with the corpus (rarest
        first, with ids), the names the corpus has never seen, and its nearest papers as :meth:`similar`
        ranks them. Extracts with the shipped model; see :func:`kg.explore.place.place`."""
        from .explore import place

        return place(self.store, text, limit, title=title)

    def concept_page(self, concept: str) -> dict:
        """What a concept's page shows (by id, name or alias): ``{"id", "name", "type", "aliases", "papers",
        "co_occurring", "methods_datasets", ...}``; see :func:`kg.explore.pages.concept_page`."""
        from .explore import concept_page

        return concept_page(self.store, concept)

    def paper_page(self, paper: str) -> dict:
        """What a paper's page shows (by id or exact title): ``{"id", "title", "year", "abstract", "concepts",
        "links_out", "links_in", "similar", ...}``; see :func:`kg.explore.pages.paper_page`."""
        from .explore import paper_page

        return paper_page(self.store, paper)

    def expand(self, node: str, limit: int = 50) -> dict:
        """A node (paper or concept id) and its immediate neighbours for a click-to-expand graph:
        ``{"nodes": [{"id", "label", "type", "papers"}], "edges": [{"source", "target", "type"}]}``."""
        from .explore import expand

        return expand(self.store, node, limit)

    def export(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the whole stored graph as GraphML, GEXF or node-link JSON (by ``fmt`` or extension)."""
        return export_graph(self.store, path, fmt)

    def export_neo4j_import(self, directory: str | Path) -> Path:
        """Write the stored graph as CSV files for ``neo4j-admin database import full`` into ``directory``;
        :func:`kg.readwrite.neo4j_import.import_command` is the command that loads them."""
        return write_import_files(stored_graph(self.store), directory)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def show_file(concept: str) -> str:
    """The file ``show`` writes by default: ``show-<concept>.html``, the concept's words joined by dashes."""
    return page_file(concept)


class _MissingStore:
    """An embedded store that does not exist yet: reading it is an error, building it creates it."""

    def __init__(self, store_dir: str, wait: float, write: bool | None):
        self.store_dir, self.wait, self.write = store_dir, wait, write

    def error(self) -> StoreError:
        return MissingStore(Path(self.store_dir).resolve(), check_path=True)

    def create(self) -> Store:
        return open_store(None, self.store_dir, wait=self.wait, create=True,
                          write=True if self.write is None else self.write)


def _named_query_method(statement: library.Statement):
    """A real method for a named query: its signature and docstring come from the query file's header,
    so ``dir()``, ``help()`` and editors show it."""
    def method(self, **params) -> list[dict]:
        return self.query(statement.name, **params)

    parameters = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    parameters += [inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY,
                                     annotation=PARAM_TYPES.get(p.type, object),
                                     default=inspect.Parameter.empty if p.default is None else p.convert(p.default))
                   for p in statement.params]
    method.__signature__ = inspect.Signature(parameters, return_annotation=list[dict])
    method.__name__ = statement.name
    method.__qualname__ = f"KnowledgeGraph.{statement.name}"
    lines = [statement.purpose, ""] + [f"{p.name} ({p.type}): {p.help}" for p in statement.params]
    method.__doc__ = "\n".join(lines + ["", f"Command line: {statement.example}"])
    return method


for _statement in library.library():
    if not hasattr(KnowledgeGraph, _statement.name):
        setattr(KnowledgeGraph, _statement.name, _named_query_method(_statement))
del _statement


def extract(paths: Iterable[str | Path], input_format: str | None = None, strict: bool = False,
            workers: int | None = None, quiet: bool = True, dask=None, min_confidence: float | None = None) -> list:
    """Each paper's mentions (:class:`kg.records.PaperMentions`), without a store: ``kg extract``.

    ``dask`` spreads the work over a Dask cluster: "local", a scheduler address, or a Client
    (for instance of a dask-jobqueue SLURMCluster).
    """
    from .build.pipeline import extract_corpus

    return extract_corpus(paths, quiet=quiet, strict=strict, input_format=input_format, workers=workers,
                          dask=dask, min_confidence=min_confidence).results


def queries() -> list[library.Statement]:
    """The named queries, with their purpose, parameters and example: ``kg queries``."""
    return library.library()


def open(uri: str | None = None, store_dir: str = DEFAULT_STORE_DIR, wait: float = DEFAULT_WAIT,  # noqa: A001
         create: bool = False, write: bool | None = None, **options) -> KnowledgeGraph:
    """Open the embedded store in ``store_dir``, or Neo4j at a ``bolt://`` / ``neo4j://`` URI.

    The embedded store is shared by any number of readers; a writer has it alone. By default
    the graph reads, sharing the store, until a statement writes (``build``, ``cypher(...,
    write=True)``): it then waits for the other readers and holds the store for writing until
    closed. ``write=True`` holds it for writing from the start, ``write=False`` only reads.
    ``wait`` is how long to wait for the store: a reader for a writer, a writer for the readers.

    Only ``build`` creates a store, as on the command line: ``kg.open("kg-dtaa")`` (a typo)
    opens nothing, and its first query raises :class:`StoreError` naming the path, while
    ``kg.open("new-store").build(paths)`` makes the store. ``create=True`` makes an empty
    store at once.
    """
    if uri and "://" in uri:
        return KnowledgeGraph(open_store(uri, store_dir, wait=wait, create=create, write=write, **options))
    where = uri or store_dir
    if not create and not EmbeddedStore.check(where):
        return KnowledgeGraph(None, _MissingStore(where, wait, write))
    return KnowledgeGraph(open_store(None, where, wait=wait, create=create, write=write, **options))
