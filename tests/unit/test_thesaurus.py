"""The thesaurus file (kg curate, kg build --thesaurus): its rows, and what resolution makes of them.

Rows are parsed from text and applied to mentions written by hand, so each rule is checked
in milliseconds; tests/integration/test_thesaurus.py applies them to a real store.
"""

from __future__ import annotations

from itertools import permutations

import pytest

from kg.errors import InputError
from kg.graph.resolve import resolve
from kg.graph.thesaurus import Rename, Thesaurus
from kg.records import Mention, Paper, PaperMentions


def found(pid: str, *mentions: Mention) -> PaperMentions:
    return PaperMentions(Paper(pid, "A study", "", "test", 1), mentions)


def mention(name: str, type_: str = "Method", *aliases: str) -> Mention:
    return Mention(name, type_, aliases=aliases, confidence=0.9, evidence=f"We use {name}.")


def concepts(results, rows: list[str] | None = None) -> dict[str, tuple[str, str, int]]:
    """Concept id -> (name, type, papers), after the thesaurus ``rows``."""
    thesaurus = Thesaurus.parse(rows, "t.tsv") if rows is not None else None
    return {c.id: (c.name, c.type, c.papers) for c in resolve(results, thesaurus).concepts.values()}


CORPUS = [found("1", mention("LoRA"), mention("BERT")),  # the sample's names: LoRA and low-rank adapters are two
          found("2", mention("low-rank adapters"), mention("GLUE", "Dataset")),
          found("3", mention("LoRA"), mention("low-rank adaptations"), mention("neural networks"))]


def test_rows_merge_rename_retype_and_ignore_in_file_order():
    t = Thesaurus.parse(["# a comment", "", "low-rank adaptations\tLoRA", "GLUE\tTask:GLUE", "ANCE\tANCE\tmethod",
                         "ignore\tneural networks", "label-free\t"], "t.tsv")
    assert t.renames == (Rename("low-rank adaptations", "LoRA"), Rename("GLUE", "GLUE", "Task"),
                         Rename("ANCE", "ANCE", "Method"))
    assert t.ignored == ("neural networks", "label-free")
    assert t.rows() == ["low-rank adaptations\tLoRA", "GLUE\tTask:GLUE", "ANCE\tMethod:ANCE",
                        "ignore\tneural networks", "ignore\tlabel-free"]
    assert Thesaurus.parse(t.rows()) == Thesaurus(t.renames, t.ignored, "thesaurus")  # what the store keeps reads back


def test_a_vosviewer_thesaurus_reads_as_is():
    t = Thesaurus.parse(["label\treplace by", "neural network\t", "lora\tLoRA"])
    assert t.ignored == ("neural network",) and t.renames == (Rename("lora", "LoRA"),)


def test_a_name_with_a_colon_that_is_no_type_stays_whole():
    assert Thesaurus.parse(["a\tCLIP: ViT-L"]).renames == (Rename("a", "CLIP: ViT-L"),)


@pytest.mark.parametrize("line, message", [
    ("LoRA", "t.tsv:2: a row is FROM<TAB>TO[<TAB>TYPE] or ignore<TAB>NAME"),
    ("a\tb\tc\td", "t.tsv:2: a row is FROM<TAB>TO"),
    ("a\tb\tBanana", "t.tsv:2: unknown concept type 'Banana'"),
    ("\tLoRA", "t.tsv:2: the row names no concept"),
    ("a\tMethod:", "t.tsv:2: 'Method:' gives a type but no name"),
])
def test_a_bad_row_is_one_error_naming_file_and_line(line, message):
    with pytest.raises(InputError) as err:
        Thesaurus.parse(["ok\tfine", line], "t.tsv")
    assert str(err.value).startswith(message)


def test_without_a_thesaurus_lora_and_low_rank_adapters_are_two_concepts():
    """kg's lexicon knows LoRA is low-rank adaptation(s); low-rank adapters it does not."""
    found_ = concepts(CORPUS)
    assert found_["method:low rank adaptation"] == ("LoRA", "Method", 2)
    assert found_["method:low rank adapter"] == ("low-rank adapters", "Method", 1)


def test_a_merge_makes_one_concept_named_as_the_row_says_with_every_paper():
    found_ = concepts(CORPUS, ["low-rank adapters\tLoRA"])
    assert found_["method:low rank adaptation"] == ("LoRA", "Method", 3)
    assert "method:low rank adapter" not in found_


def test_a_merge_names_the_concept_by_any_of_its_names():
    """"low-rank adaptation" (singular) names the concept LoRA and "low-rank adaptations" are in."""
    assert concepts(CORPUS, ["low-rank adapter\tlow-rank adaptation"])["method:low rank adaptation"] == \
        ("low-rank adaptation", "Method", 3)


def test_a_rename_a_retype_and_an_ignore():
    found_ = concepts(CORPUS, ["BERT\tBERT-base", "GLUE\tTask:GLUE", "ignore\tneural networks"])
    assert found_["method:bert base"] == ("BERT-base", "Method", 1) and "method:bert" not in found_
    assert found_["task:glue"] == ("GLUE", "Task", 1) and "dataset:glue" not in found_
    assert not [c for c in found_ if c.startswith("method:neural")]


def test_the_retyped_mention_links_with_its_new_type():
    resolved = resolve(CORPUS, Thesaurus.parse(["GLUE\tTask:GLUE"]))
    ((_, cid, m),) = [link for link in resolved.links if link[1].endswith("glue")]
    assert (cid, m.type) == ("task:glue", "Task")


def test_rows_apply_in_chains_and_a_cycle_ends():
    assert concepts(CORPUS, ["BERT\tRoBERTa", "RoBERTa\tDeBERTa"])["method:deberta"] == ("DeBERTa", "Method", 1)
    assert "method:roberta" in concepts(CORPUS, ["BERT\tRoBERTa", "RoBERTa\tBERT"])  # one step, then it stops


def test_the_thesaurus_gives_the_same_concepts_in_any_order_of_papers():
    rows = ["low-rank adapters\tLoRA", "GLUE\tTask:GLUE", "ignore\tBERT"]
    results = {tuple(sorted(concepts(list(order), rows).items())) for order in permutations(CORPUS)}
    assert len(results) == 1


def test_the_readmes_example_thesaurus_reads_as_it_says():
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("# thesaurus.tsv:", 1)[1].split("```", 1)[0]
    t = Thesaurus.parse(block.splitlines()[1:], "README.md")
    assert t.renames == (Rename("low-rank adapters", "LoRA"), Rename("Contriever", "Contriever retriever"),
                         Rename("ANCE", "ANCE", "Method"), Rename("E5", "E5", "Method"))
    assert t.ignored == ("neural networks",)


def test_a_row_that_names_no_concept_is_reported():
    from kg.graph.resolve import AliasDefinitions, Resolver

    definitions = AliasDefinitions()
    for result in CORPUS:
        definitions.add(result)
    resolver = Resolver(definitions.index(), Thesaurus.parse(["low-rank adapters\tLoRA", "LoRRA\tLoRA",
                                                              "ignore\tneural networks", "ignore\ttransformers"]))
    for result in CORPUS:
        resolver.add(result)
    assert resolver.curation.unused() == ["LoRRA\tLoRA", "ignore\ttransformers"]
