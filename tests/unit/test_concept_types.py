"""Each concept type is described once (``kg/data/concept_types.json``), and every stage reads that description.

The shipped types keep their order, which the tagger's label order and resolution's
tie-break follow. A throwaway type defined at run time (Metric, head words "score" and
"accuracy") is then found, keyed, linked, accepted by the command line and drawn, with
no other change; the learned model and the tagger refuse to run on it until retrained.
The throwaway type runs in a child process, because stages copy the types when imported.
No language model is loaded: the parse is built by hand.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg import schema
from kg.errors import KgError


def test_the_shipped_types_keep_their_order():
    from kg.extract.tagger import LABELS, TYPES

    assert schema.CONCEPT_TYPES == ("Method", "Dataset", "Loss", "Task")
    assert schema.PAPER == "Paper"
    assert TYPES == schema.CONCEPT_TYPES  # a trained head's columns are in this order
    assert LABELS[:3] == ("O", "B-Method", "I-Method") and LABELS[-1] == "I-Task"
    assert schema.PAPER_CONCEPT_TYPES == ("MENTIONS", "PROPOSES", "USES", "EVALUATED_ON", "OPTIMISES")


def test_every_node_type_has_a_style_and_an_unknown_type_is_an_error():
    from kg.views.render import style

    assert style()["types"]["Dataset"] == {"color": "#16a34a", "shape": "diamond", "legend": "Dataset"}
    assert list(style()["types"]) == ["Paper", "Method", "Dataset", "Loss", "Task"]
    with pytest.raises(KgError, match="no node type 'Metric'"):
        schema.node_type("Metric")  # never drawn as a Method


def test_a_head_word_of_two_types_is_refused():
    method = schema.node_type("Method")
    twin = schema.NodeType("Model", "models", "#000000", "dot", head_words=frozenset({"model"}))
    with pytest.raises(KgError, match="head word 'model' belongs to both Method and Model"):
        schema.define_concept_types((*schema.CONCEPT_TYPE_DESCRIPTIONS, twin))
    assert schema.CONCEPT_TYPES[0] == method.name  # nothing changed


def test_types_cannot_change_under_stages_that_read_them():
    import kg.extract.candidates  # noqa: F401 - holds the shipped types from here on

    with pytest.raises(KgError, match="already read the concept types"):
        schema.define_concept_types(schema.CONCEPT_TYPE_DESCRIPTIONS)


THROWAWAY_TYPE = r'''
import json, sys
import kg.schema as schema
metric = schema.node_type_from_json({
    "name": "Metric", "plural": "metrics", "colour": "#0891b2", "shape": "hexagon",
    "head_words": ["score", "scores", "accuracy"], "kind_words": ["score", "scores"],
    "relation": "MEASURES", "relation_cue": "\\b(measur\\w*|report\\w*)\\b"})
schema.define_concept_types((*schema.CONCEPT_TYPE_DESCRIPTIONS, metric))

import spacy
from spacy.tokens import Doc
from kg.cli import main
from kg.cypher.library import concept_type
from kg.errors import KgError
from kg.extract.candidates import find_candidates
from kg.extract.lexicon import Lexicon
from kg.extract.normalise import concept_key
from kg.extract.relations import relation_for
from kg.views.render import network_data
import networkx as nx

nlp = spacy.blank("en")
words = "We report the METEOR score of our model .".split()
doc = Doc(nlp.vocab, words=words, spaces=[True] * 7 + [False, False],
          pos="PRON VERB DET PROPN NOUN ADP PRON NOUN PUNCT".split(),
          deps="nsubj ROOT det compound dobj prep poss pobj punct".split(),
          heads=[1, 1, 4, 4, 1, 4, 7, 5, 1])
found = find_candidates(doc, "", Lexicon(nlp))
out = {"candidates": sorted({(c.text, c.type, c.cue) for c in found if c.type == "Metric"})}
out["key"] = concept_key("METEOR scores", "Metric")
out["relation"] = relation_for("Metric", doc.text, proposed=False)
out["schema"] = [list(schema.NODE_LABELS), list(schema.RELATIONSHIP_TYPES)]
out["query type"] = concept_type("metric")
out["map exit"] = main(["map", "--types", "metric,dataset,bogus"])
graph = nx.Graph()
graph.add_node("metric:meteor", type="Metric", name="METEOR", papers=2)
graph.add_node("p1", type="Paper", name="A paper", papers=1)
graph.add_edge("p1", "metric:meteor", type="MEASURES", source="p1")
page = network_data(graph)
out["legend"] = page["legend"]
out["link legend"] = page["relations"]
for load in ("model", "tagger"):
    try:
        if load == "model":
            from kg.extract.model import shipped_model
            shipped_model()
        else:
            import torch
            from safetensors import safe_open
            from safetensors.torch import save_file
            from kg.extract.tagger import Tagger, TaggerSettings, save_tagger
            save_tagger(sys.argv[1], {"out.weight": torch.zeros(1)}, TaggerSettings(), "test")
            out["saved types"] = json.loads(safe_open(sys.argv[1], "pt").metadata()["types"])
            save_file({"out.weight": torch.zeros(1)}, sys.argv[1], metadata={"layers": "3"})  # no types: the first four
            Tagger.from_file(sys.argv[1])
        out[load] = "ran"
    except KgError as e:
        out[load] = str(e)
print(json.dumps(out))
'''


@pytest.fixture(scope="module")
def with_metric(tmp_path_factory):
    """What kg does in a process whose types are the shipped four and a Metric type defined at run time."""
    head = tmp_path_factory.mktemp("tagger") / "tagger.safetensors"
    run = subprocess.run([sys.executable, "-c", THROWAWAY_TYPE, str(head)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    out["stderr"] = run.stderr
    return out


def test_a_new_type_is_found_by_its_head_words(with_metric):
    assert ["METEOR score", "Metric", "head-word"] in with_metric["candidates"]


def test_a_new_type_is_keyed_linked_and_in_the_schema(with_metric):
    assert with_metric["key"] == "meteor"  # its kind words leave the key, as "dataset" does
    assert with_metric["relation"] == "MEASURES"
    labels, relations = with_metric["schema"]
    assert "Metric" in labels and "MEASURES" in relations


def test_the_command_line_offers_a_new_type(with_metric):
    assert with_metric["query type"] == "Metric"
    assert with_metric["map exit"] != 0
    assert "--types: unknown type 'Bogus'; choose from Method, Dataset, Loss, Task, Metric" in with_metric["stderr"]


def test_a_new_type_is_drawn_as_its_description_says(with_metric):
    assert with_metric["legend"] == [{"label": "Paper", "color": "#94a3b8", "shape": "square"},
                                     {"label": "Metric", "color": "#0891b2", "shape": "hexagon"}]
    assert with_metric["link legend"] == [{"label": "measures", "color": "#0891b2", "relation": "MEASURES"}]


def test_learned_models_refuse_types_they_were_not_trained_on(with_metric):
    assert with_metric["model"].startswith("kg/data/entity_model.json: the entity model was trained on the types "
                                           "Dataset, Loss, Method, Task, but kg's concept types are now Method, "
                                           "Dataset, Loss, Task, Metric")
    assert "retrain it (scripts/train_extractor.py)" in with_metric["model"]
    assert with_metric["saved types"] == ["Method", "Dataset", "Loss", "Task", "Metric"]
    assert "the tagger was trained on the types Method, Dataset, Loss, Task, but kg's concept types are now " \
           "Method, Dataset, Loss, Task, Metric" in with_metric["tagger"]
