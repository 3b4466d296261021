"""The overview's communities are named by their most specific concepts, on the whole sample (issue 30).

The issue's case: the sample's biggest methods, neural networks (49 papers), fine-tuning (43) and
large language models (30), named the communities ("neural networks, Continual learning,
supervised learning"). Real sample, real extraction, a real embedded FalkorDB store.
"""

from __future__ import annotations

import pytest

from kg.build.pipeline import write_extracted
from kg.store import EmbeddedStore
from kg.views.overview import overview
from kg.views.render import community_legend

pytestmark = pytest.mark.slow

GENERIC = {"neural networks", "fine-tuning", "large language models"}


@pytest.fixture(scope="module")
def sample_overview(tmp_path_factory, sample_corpus, sample_mentions):
    with EmbeddedStore(tmp_path_factory.mktemp("names") / "store") as store:
        write_extracted(sample_corpus, sample_mentions, store, quiet=True)
        yield overview(store, top=None)  # as kg map draws it: a third of the papers


def names(graph) -> set[str]:
    return {name for row in community_legend(graph, ["#000"] * 9, "#999") if row["index"] >= 0
            for name in row["label"].split(", ")}


def test_generic_hubs_name_no_community_but_stay_on_the_map(sample_overview):
    graph = sample_overview.graph
    on_map = {d["name"] for _, d in graph.nodes(data=True)}
    assert GENERIC <= on_map
    assert names(graph) & GENERIC == set()


def test_by_size_alone_the_hubs_would_name_communities(sample_overview):
    """What the names were: the three biggest concepts of each community."""
    graph = sample_overview.graph.copy()
    for _, data in graph.nodes(data=True):
        data.pop("specificity")
    assert names(graph) & GENERIC


def test_the_overview_says_what_it_drew(sample_overview):
    assert sample_overview.top == 133 and sample_overview.communities >= 2
    assert sample_overview.left_out == sample_overview.top - sample_overview.graph.number_of_nodes()
