"""``kg serve`` without a browser: a real server process on a real store only reads it, refuses every write
method, escapes untrusted text, and fails in one line when it cannot start.

The store is built by ``kg build`` from one real sample paper and a hostile one (markup in its title and
abstract); the browser half is tests/integration/test_serve_browser.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

KG = [sys.executable, "-m", "kg.cli"]
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> HostileNet'
HOSTILE_ABSTRACT = ("We propose HostileNet <script>window.__pwned=3</script>, a contrastive learning method trained "
                    "with the InfoNCE loss and evaluated on ImageNet and CIFAR-10. HostileNet outperforms CLIP on "
                    "zero-shot classification.")
OTHER = {"id": "2401.00002", "title": "Contrastive Pretraining of Image Encoders on ImageNet",
         "abstract": "We study contrastive learning with the InfoNCE loss for image encoders. Our method, trained on "
                     "ImageNet, transfers to CIFAR-10 and improves over SimCLR and CLIP.",
         "authors": "B. Person", "categories": "cs.CV", "update_date": "2024-02-03"}


def hostile_corpus(where: Path) -> Path:
    """Two arXiv records: the hostile paper and one that shares its concepts (so it has a similar paper)."""
    path = where / "hostile.jsonl"
    hostile = {"id": "2401.00001", "title": HOSTILE_TITLE, "abstract": HOSTILE_ABSTRACT, "authors": "A. Person",
               "categories": "cs.LG", "update_date": "2024-01-02"}
    path.write_text("".join(json.dumps(r) + "\n" for r in (hostile, OTHER)), encoding="utf-8")
    return path


def build_store(corpus: list[Path], store: Path, *extra: str) -> Path:
    built = subprocess.run([*KG, "build", *map(str, corpus), "--store-dir", str(store), "--html",
                            str(store.parent / "build-map.html"), "--quiet", *extra], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    return store


class Served:
    """A ``kg serve`` process on a free port, stopped (SIGINT, as Ctrl-C) when the block ends."""

    def __init__(self, store: Path | None, *extra: str, env: dict | None = None):
        where = ["--store-dir", str(store)] if store is not None else []
        self.process = subprocess.Popen([*KG, "serve", *where, "--port", "0", "--quiet", *extra],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        ready, _, _ = select.select([self.process.stdout], [], [], 120)
        line = self.process.stdout.readline() if ready else ""
        if not line.startswith("kg serve: http://"):
            self.stop()
            pytest.fail(f"kg serve did not start: {line!r} {self.process.stderr.read()}")
        self.url = line.split()[2].rstrip("/")

    def get(self, path: str, method: str = "GET", data: bytes | None = None,
            headers: dict | None = None) -> tuple[int, str, dict]:
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, response.read().decode("utf-8"), dict(response.headers)
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode("utf-8"), dict(err.headers)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def fingerprint(store: Path) -> dict[str, str]:
    """Every file under the store and its bytes' hash: what a read-only session must leave exactly as it was."""
    return {str(p.relative_to(store)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(store.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("serve")
    return build_store([hostile_corpus(where)], where / "store")


def paper_id(store: Path, title: str) -> str:
    import kg

    with kg.open(str(store), write=False) as graph:
        return graph.cypher("MATCH (p:Paper {title: $t}) RETURN p.id AS id", t=title)[0]["id"]


def test_a_session_leaves_every_store_file_byte_for_byte_as_it_was(hostile_store):
    before = fingerprint(hostile_store)
    hostile = paper_id(hostile_store, HOSTILE_TITLE)
    with Served(hostile_store) as served:
        pages = ["/", "/search?q=HostileNet", "/search?q=contrastive", f"/paper/{urllib.parse.quote(hostile)}",
                 "/concept/method%3Ahostilenet", f"/api/expand/{urllib.parse.quote(hostile)}", "/place"]
        assert [served.get(p)[0] for p in pages] == [200] * len(pages)
        form = urllib.parse.urlencode({"abstract": OTHER["abstract"]}).encode()
        status, page, _ = served.get("/place", "POST", form, {"content-type": "application/x-www-form-urlencoded"})
        assert status == 200 and 'id="kg-nearest"' in page
        assert served.stop() == 0
    assert fingerprint(hostile_store) == before


def test_every_method_that_could_write_is_refused(hostile_store):
    with Served(hostile_store) as served:
        for path in ("/", "/search?q=x", "/concept/method%3Ahostilenet", "/paper/x", "/api/expand/x",
                     "/assets/graph.js"):
            for method in ("POST", "PUT", "PATCH", "DELETE"):
                assert served.get(path, method, b"")[0] == 405, (method, path)
        assert served.get("/place", "PUT", b"")[0] == 405
        assert served.get("/api/cypher?q=CREATE%20(n)")[0] == 404  # no route runs Cypher a client sends


def test_a_request_for_another_host_name_is_refused(hostile_store):
    """A web page elsewhere cannot point its own name at 127.0.0.1 and read the store (DNS rebinding)."""
    with Served(hostile_store) as served:
        port = served.url.rsplit(":", 1)[1]
        assert served.get("/", headers={"host": f"evil.example:{port}"})[0] == 400
        assert served.get("/", headers={"host": f"localhost:{port}"})[0] == 200


def test_the_app_reads_through_a_store_that_refuses_writes(hostile_store):
    import kg
    import kg.serve
    from kg.errors import QueryError

    with kg.open(str(hostile_store), write=False) as graph:
        app = kg.serve.create_app(graph)
        with pytest.raises(QueryError, match="read-only"):
            app.state.explorer.graph.cypher("CREATE (:Paper {id: 'x'})", write=True)


def test_markup_in_a_title_or_abstract_is_escaped_on_every_page(hostile_store):
    hostile = paper_id(hostile_store, HOSTILE_TITLE)
    with Served(hostile_store) as served:
        _, paper, headers = served.get(f"/paper/{urllib.parse.quote(hostile)}")
        _, search, _ = served.get("/search?q=HostileNet")
        _, concept, _ = served.get("/concept/method%3Ahostilenet")
        _, expanded, _ = served.get(f"/api/expand/{urllib.parse.quote(hostile)}")
    for page in (paper, search, concept):
        assert "<script>window" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;&lt;script&gt;" in paper
    assert "HostileNet &lt;script&gt;window.__pwned=3&lt;/script&gt;" in paper  # the abstract
    assert "&lt;script&gt;window.__pwned=2&lt;/script&gt; HostileNet" in search
    assert "script-src 'self'" in headers["content-security-policy"]  # and no inline script would run anyway
    assert json.loads(expanded)["nodes"][0]["name"] == HOSTILE_TITLE  # JSON carries the text as it is


def test_an_unknown_concept_or_paper_is_a_404_page(hostile_store):
    with Served(hostile_store) as served:
        status, page, _ = served.get("/concept/method%3Ano%20such%20thing")
        assert status == 404 and "No concept with the id" in page
        assert served.get("/paper/no-such-paper")[0] == 404
        assert served.get("/api/expand/no-such-node")[0] == 404


def test_a_missing_store_is_one_line_and_nothing_is_created(tmp_path):
    missing = tmp_path / "kg-dtaa"
    result = subprocess.run([*KG, "serve", "--store-dir", str(missing), "--port", "0"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and "no kg store" in result.stderr
    assert not missing.exists()


def test_a_port_in_use_is_one_line(hostile_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([*KG, "serve", "--store-dir", str(hostile_store), "--port", str(port)],
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"kg: error: kg serve cannot listen on 127.0.0.1:{port}: "
                                                  "Address already in use; choose another port or host"]


def test_without_the_serve_extra_kg_serve_names_what_to_install(hostile_store):
    hide = "import sys; sys.modules['starlette'] = None; from kg.cli import main; sys.exit(main(sys.argv[1:]))"
    result = subprocess.run([sys.executable, "-c", hide, "serve", "--store-dir", str(hostile_store)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr == ("kg: error: kg serve needs Starlette and uvicorn: pip install 'kg[serve]' "
                             "(starlette is not installed)\n")


def test_pages_answer_while_an_abstract_is_extracted(hostile_store):
    """Extraction (the model loads at the first abstract: seconds) holds no lock the pages wait for."""
    import threading

    form = urllib.parse.urlencode({"abstract": OTHER["abstract"]}).encode()
    with Served(hostile_store) as served:
        placed = {}

        def place():
            placed["status"] = served.get("/place", "POST", form,
                                          {"content-type": "application/x-www-form-urlencoded"})[0]
            placed["at"] = time.monotonic()

        worker = threading.Thread(target=place)
        worker.start()
        time.sleep(1.0)
        status = served.get("/search?q=contrastive")[0]
        answered = time.monotonic()
        worker.join()
    assert status == 200 and placed["status"] == 200
    assert answered < placed["at"]


def test_a_page_answers_while_another_waits_on_the_store(hostile_store):
    """Requests are served one read at a time through a lock: many at once all answer, none fails."""
    from concurrent.futures import ThreadPoolExecutor

    with Served(hostile_store) as served:
        start = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda _: served.get("/search?q=contrastive")[0], range(32)))
        assert statuses == [200] * 32
        assert time.monotonic() - start < 60


def test_over_bolt_kg_serve_answers_every_page_from_the_server(bolt_server, tmp_path):
    """The Neo4j path, on a real Bolt server (ArcadeDB, tests/bolt_server.py): the same pages, read-only."""
    import kg

    bolt_server.create_database("serve")  # its own: the session's server is shared with other modules' stores
    with kg.open(bolt_server.uri, user=bolt_server.user, password=bolt_server.password,
                 database="serve") as graph:
        graph.build([hostile_corpus(tmp_path)])
        before = graph.cypher("MATCH (n) RETURN count(n) AS n")[0]["n"]
        other = graph.cypher("MATCH (p:Paper {title: $t}) RETURN p.id AS id", t=OTHER["title"])[0]["id"]
    env = {**os.environ, "NEO4J_PASSWORD": bolt_server.password}
    with Served(None, "--store", bolt_server.uri, "--user", bolt_server.user, "--database", "serve",
                env=env) as served:
        assert served.get("/")[0] == 200
        status, page, _ = served.get(f"/paper/{urllib.parse.quote(other)}")
        assert status == 200 and 'id="kg-similar"' in page and "HostileNet" in page  # its similar paper
        status, page, _ = served.get("/search?q=HostileNet")
        assert status == 200 and "/concept/method%3Ahostilenet" in page
        assert served.get("/concept/method%3Ahostilenet")[0] == 200
        assert len(json.loads(served.get(f"/api/expand/{urllib.parse.quote(other)}")[1])["nodes"]) > 3
        assert served.get("/paper/x", "DELETE", b"")[0] == 405
    with kg.open(bolt_server.uri, user=bolt_server.user, password=bolt_server.password,
                 database="serve") as graph:
        assert graph.cypher("MATCH (n) RETURN count(n) AS n")[0]["n"] == before


def test_the_methods_by_datasets_table_puts_the_most_shared_first():
    """Worked by hand: CLIP is in 3 + 1 papers, ViT in 2; ImageNet in 3 + 2, COCO in 1."""
    from kg.serve.facts import pivot

    rows = [{"method_id": "method:clip", "method": "CLIP", "dataset_id": "dataset:imagenet", "dataset": "ImageNet",
             "papers": 3},
            {"method_id": "method:vit", "method": "ViT", "dataset_id": "dataset:imagenet", "dataset": "ImageNet",
             "papers": 2},
            {"method_id": "method:clip", "method": "CLIP", "dataset_id": "dataset:coco", "dataset": "COCO",
             "papers": 1}]
    assert pivot(rows) == {
        "columns": [{"id": "dataset:imagenet", "name": "ImageNet"}, {"id": "dataset:coco", "name": "COCO"}],
        "rows": [{"id": "method:clip", "name": "CLIP", "cells": [3, 1]},
                 {"id": "method:vit", "name": "ViT", "cells": [2, 0]}]}
