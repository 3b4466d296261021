#!/usr/bin/env python3
"""kg at scale: build a large corpus with the real command, add a small one to it, query the result.

    python benchmarks/make_corpus.py --size 100000 --seed 3 --out /tmp/c100k
    python benchmarks/make_corpus.py --size 1000 --seed 2 --out /tmp/c1k
    python benchmarks/scale.py /tmp/c100k --add /tmp/c1k --work /tmp/kg-scale

Runs ``kg build`` as a user would (a child process, progress off) and samples the
memory of its whole process tree (kg, its parse workers, the store server) from
/proc twice a second: RSS, and PSS, which splits pages the forked workers share
with kg among them, so the tree's PSS is what it really holds. Then: the small
corpus added to the big store, against the same small corpus built alone into an
empty store; neighbourhood and top-concepts query latency (p50, p95) on the big
store; a neighbourhood render. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from run import percentiles  # noqa: E402  (benchmarks/ is the script's directory)


def _tree(pid: int) -> list[int]:
    pids, frontier = [pid], [pid]
    while frontier:
        parent = frontier.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            pids += map(int, children)
            frontier += map(int, children)
    return pids


def _memory_mib(pid: int, source: str, field: str) -> float:
    """A ``/proc/PID/SOURCE`` line's kB figure in MiB; 0 once the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/{source}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0.0


def _rss_mib(pid: int) -> float:
    return _memory_mib(pid, "status", "VmRSS:")


def _pss_mib(pid: int) -> float:
    """Proportional set size: a page shared by n processes counts 1/n in each, so a tree's sum is its real use."""
    return _memory_mib(pid, "smaps_rollup", "Pss:")


def _is_store_server(pid: int) -> bool:
    try:
        return "redis" in Path(f"/proc/{pid}/comm").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False


def build(inputs: list[str], store_dir: Path) -> tuple[float, float, float, float, float, float]:
    """Wall seconds; peak RSS of the kg process; peak summed RSS and PSS of its whole tree; and peak PSS of
    the tree without the store server, and of the server alone (an embedded graph store holds the graph in
    memory, so it grows with the corpus whatever kg does; Neo4j would be another machine)."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", *inputs, "--store-dir", str(store_dir),
                             "--quiet", "--html", str(store_dir.parent / f"{store_dir.name}.html")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks = [0.0] * 5

    def sample():
        while proc.poll() is None:
            tree = _tree(proc.pid)
            pss = {pid: _pss_mib(pid) for pid in tree}
            server = sum(n for pid, n in pss.items() if _is_store_server(pid))
            peaks[0] = max(peaks[0], _rss_mib(proc.pid))
            peaks[1] = max(peaks[1], sum(map(_rss_mib, tree)))
            peaks[2] = max(peaks[2], sum(pss.values()))
            peaks[3] = max(peaks[3], sum(pss.values()) - server)
            peaks[4] = max(peaks[4], server)
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - started
    sampler.join()
    if proc.returncode:
        sys.exit(f"kg build failed ({proc.returncode}): {err.strip()}")
    print(out.strip(), file=sys.stderr)
    return elapsed, *peaks


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="the large corpus")
    ap.add_argument("--add", required=True, help="a small corpus to add to the built graph")
    ap.add_argument("--work", default="/tmp/kg-scale", help="where the stores go (emptied first)")
    ap.add_argument("--runs", type=int, default=50, help="query repetitions for latency percentiles")
    ap.add_argument("--queries-only", action="store_true", help="only query and render the store a run left in --work")
    a = ap.parse_args()

    work = Path(a.work)
    rows = [] if a.queries_only else measure_builds(a, work)
    rows += measure_queries(work / "big", a.runs)
    print("| measure | value | ratio |\n|---|---|---|")
    for name, value, rel in rows:
        print(f"| {name} | {value} | {rel} |")


def measure_builds(a, work: Path) -> list[tuple[str, str, str]]:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    rows = []
    big, big_peak, tree_rss, tree_pss, kg_pss, server_pss = build([a.corpus], work / "big")
    rows.append((f"`kg build` {a.corpus}", f"{big / 60:.1f} min", ""))
    rows.append(("peak memory: kg process (RSS) / whole process tree (summed PSS) / tree (summed RSS)",
                 f"{big_peak:,.0f} / {tree_pss:,.0f} / {tree_rss:,.0f} MiB", ""))
    rows.append(("peak PSS: kg and its parse workers / the embedded store server",
                 f"{kg_pss:,.0f} / {server_pss:,.0f} MiB", ""))
    alone = build([a.add], work / "alone")[0]
    added = build([a.add], work / "big")[0]
    rows.append((f"`kg build` {a.add} into an empty store", f"{alone:.1f} s", "1.00x"))
    rows.append((f"`kg build` {a.add} into the built store", f"{added:.1f} s", f"{added / alone:.2f}x"))
    return rows


def measure_queries(store_dir: Path, runs: int) -> list[tuple[str, str, str]]:
    from kg.api import KnowledgeGraph
    from kg.store import EmbeddedStore

    rows = []
    with EmbeddedStore(store_dir) as store:
        kg = KnowledgeGraph(store)
        counts = {r["name"]: r["count"] for r in kg.stats() if r["name"] in {"Paper", "Concept", "MENTIONS"}}
        hub = kg.top_concepts_any(limit=1)[0]
        p50, p95 = percentiles(lambda: kg.neighbourhood(id=hub["id"], hops=2), runs)
        rows.append((f"neighbourhood query ({hub['name']}, {hub['papers']:,} papers, 2 hops)",
                     f"p50 {p50:.1f} ms, p95 {p95:.1f} ms", ""))
        p50, p95 = percentiles(lambda: kg.top_concepts(type="Method", limit=20), runs)
        rows.append(("top-concepts query", f"p50 {p50:.1f} ms, p95 {p95:.1f} ms", ""))
        out = store_dir.parent / "hood.html"
        p50, p95 = percentiles(lambda: kg.show(hub["name"], html=out), 10)
        rows.append(("neighbourhood render (query + pyvis + page)", f"p50 {p50:.0f} ms, p95 {p95:.0f} ms", ""))
    print(f"cores: {os.cpu_count()}; stored: " + ", ".join(f"{n:,} {k}" for k, n in sorted(counts.items())))
    return rows


if __name__ == "__main__":
    main()
