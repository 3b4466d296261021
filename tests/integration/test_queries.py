"""Every named query answers correctly on the embedded store, checked against the in-memory graph."""

from __future__ import annotations

from collections import Counter

import pytest

from kg.cypher import library
from kg.api import KnowledgeGraph
from kg.graph.in_memory import graph_counts

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def kgraph(built_store):
    return KnowledgeGraph(built_store)


def mentions(graph, label=None):
    """{concept id: set of paper node ids} from the networkx graph."""
    out = {}
    for u, v, k in graph.edges(keys=True):
        if k == "MENTIONS" and (label is None or graph.nodes[v]["type"] == label):
            out.setdefault(v, set()).add(u)
    return out


def pick(graph, label, with_label=None):
    """The concept of ``label`` with the most papers (sharing a paper with a ``with_label`` concept)."""
    by_concept = mentions(graph, label)
    if with_label:
        others = mentions(graph, with_label)
        shared = set().union(*others.values())
        by_concept = {c: p for c, p in by_concept.items() if p & shared}
    return max(by_concept, key=lambda c: (len(by_concept[c]), c))


def test_library_has_every_query_the_users_asked_for():
    assert {"neighbourhood", "papers_for_concept", "top_concepts", "datasets_for_method", "losses_for_method",
            "methods_on_dataset", "co_occurring", "paper_concepts", "find_concept", "stats"} <= set(
        library.names("queries"))
    for statement in library.library():
        assert statement.purpose and statement.example.startswith("kg query " + statement.name)


def test_stats_counts_every_label_and_type(kgraph, built_graph):
    rows = {(r["kind"], r["name"]): r["count"] for r in kgraph.stats()}
    for name, n in graph_counts(built_graph).items():
        kind = "relationship" if name.isupper() else "node"
        assert rows[(kind, name)] == n


def test_top_concepts_are_ranked_by_papers(kgraph, built_graph):
    counts = {built_graph.nodes[c]["name"]: len(p) for c, p in mentions(built_graph, "Method").items()}
    rows = kgraph.top_concepts(type="Method", limit=5)
    assert [r["papers"] for r in rows] == sorted(counts.values(), reverse=True)[:5]
    assert all(counts[r["name"]] == r["papers"] for r in rows)


def test_find_concept_by_alias_in_any_case(kgraph, built_graph):
    cid, data = next((n, d) for n, d in built_graph.nodes(data=True) if d["type"] != "Paper" and d["aliases"])
    rows = kgraph.find_concept(text=data["aliases"][0].upper())
    assert rows[0]["id"] == cid or cid in {r["id"] for r in rows}


def test_papers_for_concept(kgraph, built_graph):
    cid = pick(built_graph, "Method")
    name = built_graph.nodes[cid]["name"]
    rows = kgraph.papers_for_concept(name=name.lower())
    expected = {built_graph.nodes[p]["id"] for p in mentions(built_graph)[cid]}
    assert {r["paper"] for r in rows} == expected
    assert all("MENTIONS" in r["relations"] and r["evidence"] for r in rows)


@pytest.mark.parametrize("query, label, other", [
    ("datasets_for_method", "Method", "Dataset"),
    ("losses_for_method", "Method", "Loss"),
    ("methods_on_dataset", "Dataset", "Method"),
])
def test_concepts_sharing_papers(kgraph, built_graph, query, label, other):
    cid = pick(built_graph, label, with_label=other)
    papers = mentions(built_graph)[cid]
    expected = Counter({built_graph.nodes[o]["name"]: len(papers & ps) for o, ps in mentions(built_graph, other).items()
                        if papers & ps})
    rows = kgraph.query(query, name=built_graph.nodes[cid]["name"], limit=100)
    column = {"Dataset": "dataset", "Loss": "loss", "Method": "method"}[other]
    assert Counter({r[column]: r["papers"] for r in rows}) == expected


def test_co_occurring(kgraph, built_graph):
    cid = pick(built_graph, "Method")
    expected = {}
    for u, v, k, d in built_graph.edges(keys=True, data=True):
        if k == "CO_OCCURS" and cid in (u, v):
            expected[built_graph.nodes[v if u == cid else u]["name"]] = d["papers"]
    rows = kgraph.co_occurring(name=built_graph.nodes[cid]["name"], limit=1000)
    assert {r["concept"]: r["papers"] for r in rows} == expected


def test_paper_concepts_by_id_and_by_title(kgraph, built_graph):
    node, data = next((n, d) for n, d in built_graph.nodes(data=True)
                      if d["type"] == "Paper" and any(k == "PROPOSES" for _, _, k in built_graph.out_edges(n, keys=True)))
    proposed = {built_graph.nodes[v]["name"] for _, v, k in built_graph.out_edges(node, keys=True) if k == "PROPOSES"}
    mentioned = {built_graph.nodes[v]["name"] for _, v, k in built_graph.out_edges(node, keys=True) if k == "MENTIONS"}
    for key in (data["id"], data["title"]):
        rows = kgraph.paper_concepts(paper=key)
        assert {r["concept"] for r in rows} == mentioned
        assert {r["concept"] for r in rows if r["proposed"]} == proposed


def test_neighbourhood_walks_mentions(kgraph, built_graph):
    cid = pick(built_graph, "Method")
    papers = mentions(built_graph)[cid]
    one = kgraph.neighbourhood(id=cid, hops=1)
    assert {"paper:" + r["source"] for r in one} == papers and {r["target"] for r in one} == {cid}
    two = kgraph.neighbourhood(id=cid, hops=2, limit=100000)
    reached = {r["target"] for r in two}
    expected = {v for p in papers for _, v, k in built_graph.out_edges(p, keys=True) if k == "MENTIONS"}
    assert reached == expected


def test_strongest_neighbours_of_a_hub(kgraph, built_graph):
    cid = pick(built_graph, "Method")
    papers = mentions(built_graph)[cid]
    shared = Counter(v for p in papers for _, v, k in built_graph.out_edges(p, keys=True)
                     if k == "MENTIONS" and v != cid)
    (row,) = kgraph.concept_neighbours(id=cid, limit=5)
    assert row["total"] == len(shared)
    assert [n["papers"] for n in row["top"]] == sorted(shared.values(), reverse=True)[:5]
    assert all(shared[n["id"]] == n["papers"] for n in row["top"])

    ids = [n["id"] for n in row["top"]]
    bridging = kgraph.bridging_papers(id=cid, ids=ids, limit=len(papers))
    links = {built_graph.nodes[p]["id"]: sum(built_graph.has_edge(p, c, "MENTIONS") for c in ids) for p in papers}
    assert {r["id"]: r["links"] for r in bridging} == links
    assert [r["links"] for r in bridging] == sorted(links.values(), reverse=True)

    chosen = [r["id"] for r in bridging[:3]]
    between = kgraph.mentions_between(papers=chosen, concepts=[cid, *ids])
    expected = {(built_graph.nodes[p]["id"], c) for p in papers for c in [cid, *ids]
                if built_graph.nodes[p]["id"] in chosen and built_graph.has_edge(p, c, "MENTIONS")}
    assert {(r["source"], r["target"]) for r in between} == expected


def test_overview_building_blocks(kgraph, built_graph):
    papers = {c: len(p) for c, p in mentions(built_graph).items()}
    top = kgraph.top_concepts_any(limit=8)
    assert [r["papers"] for r in top] == sorted(papers.values(), reverse=True)[:8]
    ids = [r["id"] for r in top]
    links = {(r["source"], r["target"]): r["papers"] for r in kgraph.concept_links(ids=ids)}
    assert links == {(u, v): d["papers"] for u, v, k, d in built_graph.edges(keys=True, data=True)
                     if k == "CO_OCCURS" and u in ids and v in ids}


def test_find_paper_by_title_words_any_case(kgraph, built_graph):
    title = next(d["title"] for _, d in built_graph.nodes(data=True) if d["type"] == "Paper")
    words = " ".join(title.split()[:3]).upper()
    rows = kgraph.find_paper(text=words, limit=50)
    assert title in {r["title"] for r in rows} and all(words.lower() in r["title"].lower() for r in rows)
    assert kgraph.find_paper(text=title)[0]["title"] == title


def test_nodes_returns_details(kgraph, built_graph):
    cid = pick(built_graph, "Method")
    paper = next(iter(mentions(built_graph)[cid]))
    rows = {r["id"]: r for r in kgraph.nodes(ids=[cid, built_graph.nodes[paper]["id"]])}
    assert rows[cid]["type"] == "Method" and rows[cid]["name"] == built_graph.nodes[cid]["name"]
    assert rows[built_graph.nodes[paper]["id"]]["type"] == "Paper"


def test_raw_cypher_with_parameters(kgraph, built_graph):
    rows = kgraph.cypher("MATCH (c:Concept) WHERE c.papers >= $n RETURN count(c) AS n", n=2)
    assert rows[0]["n"] == sum(1 for _, d in built_graph.nodes(data=True) if d["type"] != "Paper" and d["papers"] >= 2)


def test_unknown_query_and_parameter_are_clear_errors(kgraph):
    from kg.errors import QueryError

    with pytest.raises(QueryError, match="no query named 'nope'"):
        kgraph.query("nope")
    with pytest.raises(QueryError, match="top_concepts has no parameter 'typo'"):
        kgraph.top_concepts(typo=1)
    with pytest.raises(QueryError, match="needs a value for its parameter name") as missing:
        kgraph.papers_for_concept()
    assert "--" not in str(missing.value)  # the Python API names no command-line flag; the CLI adds its own


@pytest.fixture(scope="module")
def linked(tmp_path_factory, extractor):
    """A store with citations (OpenAlex, Semantic Scholar, arXiv fixtures) and a builds-on pair with years."""
    from pathlib import Path

    from kg.build.pipeline import build
    from kg.store import EmbeddedStore

    fixtures = Path(__file__).parents[1] / "fixtures"
    page = tmp_path_factory.mktemp("linked") / "page.txt"
    page.write_text(
        "new\n\nSPLADE: Sparse Lexical and Expansion Model for First Stage Ranking\n\nWe propose SPLADE, a sparse "
        "retriever with query expansion, and evaluate it on MS MARCO with strong results.\n\n  • 3 authors\n·\n"
        "Jul 12, 2021\n\nMaking sparse retrievers cheaper\n\nIn this work we build on SPLADE and cut its latency by "
        "half on MS MARCO while keeping its effectiveness.\n\n  • 2 authors\n·\nMar 3, 2023\n", encoding="utf-8")
    with EmbeddedStore(page.parent / "store") as store:
        build([page, fixtures / "openalex.jsonl", fixtures / "semantic_scholar.jsonl", fixtures / "arxiv.jsonl"],
              store, extractor=extractor, quiet=True)
        yield KnowledgeGraph(store)


def test_builds_on_both_directions(linked):
    rows = linked.builds_on(paper="Making sparse retrievers cheaper")
    assert [(r["direction"], r["link"], r["paper"], r["via"]) for r in rows] == [
        ("builds on", "BUILDS_ON", "SPLADE: Sparse Lexical and Expansion Model for First Stage Ranking", ["SPLADE"])]
    back = linked.builds_on(paper="SPLADE: Sparse Lexical and Expansion Model for First Stage Ranking")
    assert [(r["direction"], r["paper"]) for r in back] == [("built on by", "Making sparse retrievers cheaper")]


def test_most_built_on_and_citation_neighbourhood(linked):
    top = {r["paper"]: r["papers"] for r in linked.most_built_on(limit=10)}
    assert top["Attention Is All You Need"] == 1 and "SPLADE: Sparse Lexical and Expansion Model for First " \
        "Stage Ranking" in top
    hood = linked.citation_neighbourhood(paper="Attention Is All You Need", hops=1)
    assert "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding" in {r["paper"] for r in hood}
    assert any(r["stub"] for r in hood)  # works it cites that are not in the corpus


def test_concept_trend_and_rising_concepts(linked):
    trend = linked.concept_trend(name="MS MARCO")
    assert [(r["year"], r["papers"]) for r in trend] == [(2021, 1), (2023, 1)]
    rising = {r["concept"]: (r["recent"], r["before"]) for r in linked.rising_concepts(since=2022, min_papers=1,
                                                                                     limit=100)}
    assert rising["MS MARCO"] == (1, 1)
    assert linked.trend("ms marco") == trend


def test_trend_since_defaults_to_the_latest_year(linked):
    latest = linked.cypher("MATCH (p:Paper) RETURN max(p.year) AS y")[0]["y"]
    assert linked.trend(limit=100) == linked.rising_concepts(since=latest, min_papers=2, limit=100)


def test_show_a_paper_neighbourhood(linked, tmp_path):
    from kg.views.neighbourhood import neighbourhood

    hood = neighbourhood(linked.store, "Making sparse retrievers cheaper", hops=1)
    assert hood.graph.nodes[hood.centre]["type"] == "Paper"
    assert {d["name"] for _, d in hood.graph.nodes(data=True)} >= {"SPLADE", "MS MARCO"}


def test_growth_is_rounded_to_two_decimals(store):
    """(4 + 1) / (2 + 1) printed as 1.66666666666667 (issue 30); the order still follows the exact ratio."""
    store.run("CREATE (c:Concept:Method {id: 'method:x', name: 'x', papers: 6}) WITH c UNWIND range(1, 6) AS i "
              "CREATE (:Paper {id: 'p' + toString(i), title: 'T', year: CASE WHEN i <= 4 THEN 2024 ELSE 2020 END})"
              "-[:MENTIONS]->(c)", {})
    rows = KnowledgeGraph(store).rising_concepts(since=2024, min_papers=1)
    assert rows == [{"concept": "x", "type": "Method", "recent": 4, "before": 2, "growth": 1.67}]
