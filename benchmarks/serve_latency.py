#!/usr/bin/env python3
"""How long ``kg serve`` takes to answer a page, a search and a graph expansion: p50 and p95 in milliseconds.

    python benchmarks/serve_latency.py --store-dir kg-data [--runs 50] [--seed 1]

Starts a real ``kg serve --port 0`` on the store, asks each page once to warm it, then times
``--runs`` requests of each kind over HTTP on papers, concepts and search words drawn at random
(the same seed draws the same ones): the server's whole answer, the store's reads and the
template filled in, up to the last byte received; not the browser's rendering. One request at a
time, on this machine's loopback. ``benchmarks/explore.py`` times the same reads without HTTP.
Other work on the machine shows in p95 first: measure when it is idle.

Measured on 2 cores at load average ~1.5, 50 requests each, p50 / p95 ms:

    request                      sample (401 papers, vectors)   10k synthetic (no vectors)   100k synthetic (idle, 3fa49f6)
    concept page                 3.7 / 7.4                      21.3 / 38.3                  38.3 / 106.7
    paper page (with similar)    9.0 / 10.2                     23.1 / 61.8                  106.3 / 295.0
    search, a concept's name     3.1 / 8.8                      20.0 / 38.6                  22.2 / 58.0
    search, a word of a title    6.0 / 14.4                     31.4 / 38.0                  28.2 / 47.4
    expand (a graph click)       2.9 / 3.7                      4.9 / 23.6                   3.3 / 3.8
    start page (kept 60 s)       1.1 / 1.4                      1.2 / 5.2                    1.4 / 1.8
"""

from __future__ import annotations

import argparse
import random
import select
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import kg


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def fetch(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        assert response.status == 200, url
    return (time.perf_counter() - start) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store-dir", default="kg-data")
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with kg.open(args.store_dir, write=False) as graph:
        papers = [r["id"] for r in graph.cypher(
            "MATCH (p:Paper) WHERE NOT coalesce(p.stub, false) RETURN p.id AS id, p.title AS title ORDER BY id")]
        titles = [r["title"] for r in graph.cypher(
            "MATCH (p:Paper) WHERE NOT coalesce(p.stub, false) RETURN p.title AS title ORDER BY title")]
        concepts = [r["id"] for r in graph.cypher("MATCH (c:Concept) RETURN c.id AS id ORDER BY id")]
        names = [r["name"] for r in graph.cypher("MATCH (c:Concept) RETURN c.name AS name ORDER BY name")]
    words = sorted({w for t in titles for w in t.split() if len(w) > 5 and w.isalpha()})
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store-dir", args.store_dir, "--port", "0",
                               "--quiet"], stdout=subprocess.PIPE, text=True)
    try:
        select.select([server.stdout], [], [], 120)
        base = server.stdout.readline().split()[2].rstrip("/")
        quote = urllib.parse.quote
        kinds = {
            "concept page": lambda: f"/concept/{quote(rng.choice(concepts), safe='')}",
            "paper page": lambda: f"/paper/{quote(rng.choice(papers), safe='')}",
            "search (a concept's name)": lambda: "/search?q=" + quote(rng.choice(names)),
            "search (a word of a title)": lambda: "/search?q=" + quote(rng.choice(words)),
            "expand (graph click)": lambda: f"/api/expand/{quote(rng.choice(concepts + papers), safe='')}",
            "start page": lambda: "/",
        }
        for make in kinds.values():
            fetch(base + make())  # warm: the first search loads the store's index pages
        print(f"{len(papers)} papers, {len(concepts)} concepts; {args.runs} requests each, ms\n")
        print("| request | p50 | p95 | max |\n|---|---|---|---|")
        for kind, make in kinds.items():
            times = [fetch(base + make()) for _ in range(args.runs)]
            print(f"| {kind} | {statistics.median(times):.1f} | {percentile(times, 0.95):.1f} | {max(times):.1f} |")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
