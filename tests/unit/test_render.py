"""The HTML map is one self-contained file that shows text as text."""

from __future__ import annotations

import re

import networkx as nx

from kg.views.render import html_text, script_safe_json, tooltip, write_html


def small_graph(name: str) -> nx.Graph:
    g = nx.Graph()
    g.add_node("method:x", type="Method", name=name, papers=3)
    g.add_node("paper:p", type="Paper", name="A paper", papers=1)
    g.add_edge("method:x", "paper:p", weight=1)
    return g


def test_page_needs_no_other_file_or_host(tmp_path):
    page = write_html(small_graph("CLIP"), tmp_path / "map.html", "Neighbourhood of CLIP").read_text()
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)
    assert "vis.Network" in page and "default-src 'none'" in page


def test_hostile_name_cannot_close_the_script_or_run(tmp_path):
    hostile = '</script><img src=x onerror=alert(1)>"`{}$'
    page = write_html(small_graph(hostile), tmp_path / "map.html", hostile).read_text()
    assert "<img src=x" not in page
    assert page.count("</script>") == 3  # the template's own: vis-network, data, page script
    assert html_text("<b>") == "&lt;b&gt;"
    assert "<" not in script_safe_json({"a": "</script>"})


def test_tooltip_lines_say_type_papers_aliases_and_evidence():
    data = {"type": "Method", "papers": 1, "aliases": ["LoRA"]}
    assert tooltip(data, [("Paper A", "We use LoRA.")]) == [
        ["", "Method · 1 paper"], ["", "Also: LoRA"], ["evidence", "“We use LoRA.” — Paper A"]]
    assert tooltip({"type": "Paper", "name": "Paper A"}) == [["", "Paper"]]
