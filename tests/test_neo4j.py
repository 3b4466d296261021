"""Neo4j over Bolt: errors that need no server always run; the rest need KG_TEST_NEO4J_URI.

Against a throwaway server:
    docker run --rm -p 7687:7687 -e NEO4J_AUTH=neo4j/testpassword neo4j:5
    KG_TEST_NEO4J_URI=bolt://localhost:7687 NEO4J_USERNAME=neo4j NEO4J_PASSWORD=testpassword pytest tests/test_neo4j.py
"""

from __future__ import annotations

import os

import pytest

from kg.errors import StoreError
from kg.store import open_store

URI = os.environ.get("KG_TEST_NEO4J_URI")
needs_neo4j = pytest.mark.skipif(not URI, reason="set KG_TEST_NEO4J_URI to a Neo4j 5 server to run these")


def test_unreachable_server_is_one_line_naming_the_uri_without_the_password():
    with pytest.raises(StoreError) as caught:
        open_store("bolt://127.0.0.1:9", user="neo4j", password="s3cret-pw")
    message = str(caught.value)
    assert message.startswith("cannot reach Neo4j at bolt://127.0.0.1:9") and "\n" not in message
    assert "s3cret-pw" not in message


def test_unknown_scheme_is_refused():
    with pytest.raises(StoreError, match="unknown store address http://x"):
        open_store("http://x")


@needs_neo4j
@pytest.mark.neo4j
def test_build_query_and_rebuild_on_neo4j(extractor, small_corpus_file):
    from kg.api import KnowledgeGraph
    from kg.pipeline import build

    graph = KnowledgeGraph(open_store(URI))
    graph.cypher("MATCH (n) DETACH DELETE n", write=True)
    build([small_corpus_file], graph.store, extractor=extractor, quiet=True)
    counts = graph.stats()
    build([small_corpus_file], graph.store, extractor=extractor, quiet=True)
    assert graph.stats() == counts
    top = graph.top_concepts(type="Method", limit=3)
    assert top and graph.papers_for_concept(name=top[0]["name"])


@needs_neo4j
@pytest.mark.neo4j
def test_wrong_database_is_one_line():
    store = open_store(URI, database="no_such_database_kg")
    with pytest.raises(StoreError, match=f"Neo4j at {URI}"):
        store.run("RETURN 1 AS one")
