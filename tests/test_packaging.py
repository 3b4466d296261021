"""kg as users install it: a built wheel, not the editable checkout CI runs the other tests on."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True)
    return next(out.glob("kg-*.whl"))


def test_wheel_carries_every_asset_kg_reads_at_run_time(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for asset in ["kg/viz/page.js", "kg/viz/page.html", "kg/viz/page.css", "kg/viz/style.json",
                  "kg/viz/vendor/vis-network-9.1.2.min.js", "kg/cypher/queries/neighbourhood.cypher",
                  "kg/cypher/write/papers.cypher", "kg/data/lexicon.tsv", "kg/data/not_entities.txt"]:
        assert asset in names, asset


def test_maps_render_from_the_installed_wheel_alone(wheel, tmp_path):
    """The page assets load from the wheel's own files, with the checkout out of the way."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    probe = ("import kg, networkx as nx; from kg.render import write_html; "
             "g = nx.Graph(); g.add_node('c:method:x', label='Method', name='x', papers=1); "
             "write_html(g, 'map.html', 'x'); print(kg.__file__)")
    result = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {probe}"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith(str(target))
    vis_network = (ROOT / "viz" / "vendor" / "vis-network-9.1.2.min.js").read_text(encoding="utf-8")
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert vis_network.strip() in page and "page.js" not in page  # inlined, nothing fetched
