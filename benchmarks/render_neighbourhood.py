#!/usr/bin/env python3
"""Time the neighbourhood map of the most connected concept, from store query to HTML file.

    python benchmarks/render_neighbourhood.py --store-dir kg-data   # after: kg build samples/hf-daily-papers

Prints the concept, the map's size, and the median and worst of --repeat renders
(each one queries the store, draws with pyvis and writes the page).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import kg


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store-dir", default="kg-data")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--hops", type=int, default=2)
    a = ap.parse_args()
    with kg.open(store_dir=a.store_dir) as graph, tempfile.TemporaryDirectory() as tmp:
        hub = graph.top_concepts_any(limit=1)[0]
        out = Path(tmp) / "hood.html"
        graph.show(hub["name"], html=out, hops=a.hops)  # warm: first import of pyvis and the assets
        times = []
        for _ in range(a.repeat):
            start = time.perf_counter()
            graph.show(hub["name"], html=out, hops=a.hops)
            times.append(time.perf_counter() - start)
        print(f"concept: {hub['name']} ({hub['papers']} papers), hops={a.hops}, page {out.stat().st_size // 1024} KiB")
        print(f"render: median {statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms "
              f"over {a.repeat} runs")


if __name__ == "__main__":
    main()
