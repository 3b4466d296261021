"""Neo4j over Bolt: the errors that need no server (with one: tests/integration/test_neo4j_server.py)."""

from __future__ import annotations

import pytest

from kg.errors import StoreError
from kg.store import open_store


def test_unreachable_server_is_one_line_naming_the_uri_without_the_password():
    with pytest.raises(StoreError) as caught:
        open_store("bolt://127.0.0.1:9", user="neo4j", password="s3cret-pw")
    message = str(caught.value)
    assert message.startswith("cannot reach Neo4j at bolt://127.0.0.1:9") and "\n" not in message
    assert "s3cret-pw" not in message


def test_unknown_scheme_is_refused():
    with pytest.raises(StoreError, match="unknown store address http://x"):
        open_store("http://x")
