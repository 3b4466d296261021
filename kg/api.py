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
from typing import TYPE_CHECKING

from .cypher import library
from .errors import MissingStore, StoreError
from .records import PaperMentions
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


if TYPE_CHECKING:
    _ConcretePath = Path
else:
    _ConcretePath = type(Path())  # PosixPath or WindowsPath: Path itself cannot be subclassed before Python 3.12


class MapPage(_ConcretePath):
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
    """A knowledge graph in a store: build into it, query it, draw it, export it.

    Made by :func:`kg.open`; use it as a context manager so the store is closed (and, after
    a write, saved). Every named query in ``cypher/queries`` is a method too, with the
    query's parameters as keyword arguments (``graph.top_concepts(type="Dataset")``).

    Parameters
    ----------
    store : Store or None
        The open store (:class:`kg.store.base.Store`); None for an embedded store that does
        not exist yet, which the first :meth:`build` creates.
    missing : _MissingStore, optional
        Where that store will be, when ``store`` is None (:func:`kg.open` passes it).

    Methods
    -------
    build(paths, ...)
        Read, extract and write a corpus; returns a :class:`kg.build.pipeline.BuildReport`.
    query(name, **params), cypher(text, write=False, **params)
        A named query or raw Cypher, read-only unless asked; rows as dicts.
    show(concept, ...), map(html, ...)
        A concept's neighbourhood or the corpus overview as a self-contained HTML page (:class:`MapPage`).
    trend(concept=None, since=None, limit=20)
        Papers per year for a concept, or the concepts rising fastest.
    export(path, fmt=None), export_neo4j_import(directory)
        The whole graph as GraphML, GEXF, node-link JSON, or neo4j-admin import files.
    close()
        Close the store (and save it after a write).

    Raises
    ------
    StoreError
        From any method that reads the store, when the store is missing, busy past the
        wait, or damaged (:mod:`kg.errors`); QueryError for a wrong query or parameter.

    Examples
    --------
    >>> import kg
    >>> with kg.open("kg-data") as graph:  # doctest: +SKIP
    ...     report = graph.build(["samples/hf-daily-papers"])
    ...     rows = graph.top_concepts(type="Dataset", limit=3)
    >>> sorted(rows[0])  # doctest: +SKIP
    ['concept', 'papers', 'type']
    """

    def __init__(self, store: Store | None, missing: "_MissingStore | None" = None):
        self._store, self._missing = store, missing

    @property
    def store(self) -> Store:
        """The open store; a graph opened on a store that does not exist yet has one only after ``build``."""
        if self._store is None:
            raise self._not_yet().error()
        return self._store

    def _not_yet(self) -> "_MissingStore":
        """The store this graph will create at its first build (a graph has a store or a missing one)."""
        if self._missing is None:
            raise StoreError("this graph has no store: it was closed")
        return self._missing

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

        from .build.spool import CHUNK

        corrections = Thesaurus.read(thesaurus) if thesaurus is not None else None  # a bad row fails before extraction
        if self._store is None:  # only a build creates a store, as on the command line
            self._store = self._not_yet().create()
        return build(paths, self.store, batch_size=batch_size, quiet=quiet, strict=strict, input_format=input_format,
                     workers=workers, min_confidence=min_confidence, thesaurus=corrections, vectors=vectors,
                     chunk_size=chunk_size or CHUNK)

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
    method.__signature__ = inspect.Signature(  # type: ignore[attr-defined]  # inspect reads it; functions don't declare it
        parameters, return_annotation=list[dict])
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
            workers: int | None = None, quiet: bool = True, dask=None,
            min_confidence: float | None = None) -> list[PaperMentions]:
    """Each paper's mentions, found by the shipped model, without a store: ``kg extract``.

    Parameters
    ----------
    paths : iterable of str or Path
        Corpus files or folders (JSON Lines, Hugging Face Daily Papers, arXiv, OpenAlex,
        Semantic Scholar, or ``kg extract`` output; see :func:`kg.readers.read_corpus`).
    input_format : str, optional
        Read every file as this format (one of :data:`kg.readers.FORMATS`) instead of
        choosing per file from its content.
    strict : bool, default False
        Refuse the whole run when any record cannot be read, before extracting.
    workers : int, optional
        Parse processes (default: one per core once the corpus is big enough to repay them).
    quiet : bool, default True
        No progress lines on stderr.
    dask : str or dask.distributed.Client, optional
        Spread the work over a Dask cluster: "local", a scheduler address, or a Client
        (for instance of a dask-jobqueue SLURMCluster).
    min_confidence : float, optional
        Keep entities at least this likely to be right (default: the model's cut-off).

    Returns
    -------
    list of PaperMentions
        One :class:`kg.records.PaperMentions` per paper, in corpus order: the paper and its
        mentions (name, type, aliases, proposed, confidence, evidence, relation).

    Raises
    ------
    InputError
        A path is missing or holds no paper (naming the file, and the line when known).
    BadRecords
        With ``strict``, some records were bad; ``problems`` lists them.
    Interrupted
        Ctrl-C while extracting.

    Examples
    --------
    >>> import kg.api
    >>> found = kg.api.extract(["samples/hf-daily-papers"], workers=1)  # doctest: +SKIP
    >>> found[0].mentions[0].type  # doctest: +SKIP
    'Method'
    """
    from .build.pipeline import extract_corpus

    return list(extract_corpus(paths, quiet=quiet, strict=strict, input_format=input_format, workers=workers,
                               dask=dask, min_confidence=min_confidence).results)


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

    Parameters
    ----------
    uri : str, optional
        ``bolt://``, ``neo4j://`` or ``neo4j+s://`` for Neo4j; any other string is an
        embedded store's directory (as ``store_dir``).
    store_dir : str, default "kg-data"
        The embedded store's directory, when no ``uri`` names one.
    wait : float, default 30.0
        Seconds to wait for a store another kg command is using.
    create : bool, default False
        Make an empty embedded store now where there is none (otherwise only ``build`` does).
    write : bool or None, default None
        True: hold the store for writing from the start; False: only read; None: read until
        the first statement that writes.
    **options
        For Neo4j: ``user``, ``password``, ``database`` (default: ``$NEO4J_USERNAME``,
        ``$NEO4J_PASSWORD``, the server's default database).

    Returns
    -------
    KnowledgeGraph
        The graph; close it (or use ``with``) so the store is released and, after a write, saved.

    Raises
    ------
    StoreError
        The store is busy past ``wait``, is not a kg store, cannot start or failed its
        integrity check, or Neo4j cannot be reached or refused the credentials. (A missing
        embedded store is no error here: its first query raises one, naming the path.)

    Examples
    --------
    >>> import kg
    >>> with kg.open("kg-data") as graph:  # doctest: +SKIP
    ...     graph.cypher("MATCH (p:Paper) RETURN count(p) AS papers")
    [{'papers': 401}]
    >>> kg.open("bolt://localhost:7687", user="neo4j", password="secret")  # doctest: +SKIP
    <kg.api.KnowledgeGraph object at ...>
    """
    if uri and "://" in uri:
        return KnowledgeGraph(open_store(uri, store_dir, wait=wait, create=create, write=write, **options))
    where = uri or store_dir
    if not create and not EmbeddedStore.check(where):
        return KnowledgeGraph(None, _MissingStore(where, wait, write))
    return KnowledgeGraph(open_store(None, where, wait=wait, create=create, write=write, **options))
