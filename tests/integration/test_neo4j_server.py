"""Neo4j over Bolt against a real server: these need KG_TEST_NEO4J_URI.

Against a throwaway server:
    docker run --rm -p 7687:7687 -e NEO4J_AUTH=neo4j/testpassword neo4j:5
    KG_TEST_NEO4J_URI=bolt://localhost:7687 NEO4J_USERNAME=neo4j NEO4J_PASSWORD=testpassword pytest tests/integration/test_neo4j_server.py
"""

from __future__ import annotations

import os

import pytest

from kg.errors import StoreError
from kg.store import open_store

URI = os.environ.get("KG_TEST_NEO4J_URI")
needs_neo4j = pytest.mark.skipif(not URI, reason="set KG_TEST_NEO4J_URI to a Neo4j 5 server to run these")


@needs_neo4j
@pytest.mark.neo4j
def test_build_query_and_rebuild_on_neo4j(extractor, small_corpus_file):
    from kg.api import KnowledgeGraph
    from kg.build.pipeline import build

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
