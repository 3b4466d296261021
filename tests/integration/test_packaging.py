"""kg as users install it: a built wheel, not the editable checkout CI runs the other tests on."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


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
                  "kg/cypher/write/papers.cypher", "kg/data/lexicon.tsv", "kg/data/lexicon_derived.tsv", "kg/data/not_entities.txt",
                  "kg/data/entity_model.json", "kg/viz/serve/base.html", "kg/viz/serve/graph.js",
                  "kg/viz/serve/serve.css", "kg/serve/app.py"]:  # kg serve's templates, script and style
        assert asset in names, asset


def test_maps_render_from_the_installed_wheel_alone(wheel, tmp_path):
    """The page assets load from the wheel's own files, with the checkout out of the way."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    probe = ("import kg, networkx as nx; from kg.views.render import write_html; "
             "g = nx.Graph(); g.add_node('c:method:x', type='Method', name='x', papers=1); "
             "write_html(g, 'map.html', 'x'); print(kg.__file__)")
    result = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {probe}"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith(str(target))
    vis_network = (ROOT / "viz" / "vendor" / "vis-network-9.1.2.min.js").read_text(encoding="utf-8")
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert vis_network.strip() in page and "page.js" not in page  # inlined, nothing fetched


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv holding the wheel (not -e); its dependencies are borrowed from the test venv by a .pth
    file, which Python does not scan for further .pth files, so the editable checkout stays out of sight."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    (site / "borrowed-dependencies.pth").write_text(
        "\n".join(p for p in sys.path if p.endswith("site-packages")) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--no-deps",
                    "-q", str(wheel)], check=True, capture_output=True)
    return venv


@pytest.mark.slow
def test_installed_wheel_builds_shows_and_maps_a_sample_file(installed, small_corpus_file, tmp_path):
    def kg(*args):
        return subprocess.run([str(installed / "bin" / "kg"), *map(str, args)], cwd=tmp_path, capture_output=True,
                              text=True, env={"PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1", "HOME": str(tmp_path)})

    where = subprocess.run([str(installed / "bin" / "python"), "-c", "import kg; print(kg.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path)
    assert where.stdout.startswith(str(installed)), where.stdout + where.stderr
    built = kg("build", small_corpus_file, "--store-dir", "store", "--html", "build.html", "--quiet")
    assert built.returncode == 0, built.stderr
    top = kg("query", "top_concepts", "--param", "limit=1", "--format", "jsonl", "--store-dir", "store")
    shown = kg("show", json.loads(top.stdout)["name"], "--store-dir", "store", "--html", "top.html")
    mapped = kg("map", "--store-dir", "store", "--html", "map.html")
    assert (shown.returncode, mapped.returncode) == (0, 0), shown.stderr + mapped.stderr
    for page in ("build.html", "top.html", "map.html"):
        assert "vis.Network" in (tmp_path / page).read_text(encoding="utf-8")
