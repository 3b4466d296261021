"""kg search's text handling, without a store: the full-text queries it sends, the snippet it shows, the title bonus."""

from __future__ import annotations

import json

from kg.explore.search import full_text_query, snippet, title_bonus


def test_the_query_keeps_only_words_so_no_user_text_is_index_syntax():
    assert full_text_query(["gpt", "4", "lora"], "falkordb") == "gpt 4 (lora|lora*)"
    assert full_text_query(["gpt", "4", "lora"], "falkordb", "any") == "gpt|4|(lora|lora*)"
    assert full_text_query(["gpt", "4", "lora"], "neo4j") == "gpt AND 4 AND (lora OR lora*)"
    assert full_text_query(["rl"], "neo4j") == "rl"  # a prefix of two letters would match half the index


def test_the_snippet_is_the_sentence_holding_most_words_abstract_first_then_evidence():
    paper = {"abstract": "We study ranking. Sparse retrievers expand queries. Dense ones do not.",
             "entities": json.dumps([["SPLADE", "Method", [], False, 0.9, "A marsupial benchmark for SPLADE.",
                                      "MENTIONS"]])}
    assert snippet(paper, ["sparse", "queries"]) == "Sparse retrievers expand queries."
    assert snippet(paper, ["marsupial"]) == "A marsupial benchmark for SPLADE."
    assert snippet(paper, ["zebra"]) == "We study ranking."  # none holds it: the opening


def test_a_title_holding_every_word_gains_half_and_the_exact_title_one():
    assert title_bonus("Improved baselines for vision-language pre-training",
                       ["vision", "language", "pre", "training"]) == 0.5
    assert title_bonus("GeAR", ["gear"]) == 1.0
    assert title_bonus("Dense retrieval", ["sparse"]) == 0.0
