"""Plant a fixed list of small bugs, one at a time, and report which ones the tests fail to notice.

Run it before and after changing tests in the extraction, resolution, graph, link
and neighbourhood code; a surviving mutation is a behaviour no test protects.
Each mutation is a literal text replacement, so one that no longer applies (the
code moved) is reported as stale rather than silently skipped. The working tree is
never touched: mutations are planted in a scratch copy of it.

    .venv/bin/python scripts/mutate.py            # every mutation (about 10 minutes on 2 cores)
    .venv/bin/python scripts/mutate.py -k trend   # the ones whose name contains "trend"

It lives outside CI on purpose: it runs the relevant tests once per mutation.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


EXTRACT_TESTS = ("tests/unit/test_rules.py", "tests/integration/test_extract.py",
                 "tests/integration/test_learned_extraction.py", "tests/unit/test_relations.py")
GRAPH_TESTS = ("tests/unit/test_relations.py", "tests/integration/test_hand_worked.py", "tests/integration/test_queries.py",
               "tests/unit/test_links.py", "tests/integration/test_links_extracted.py", "tests/integration/test_extract.py")
HOOD_TESTS = ("tests/integration/test_hand_worked.py", "tests/integration/test_queries.py", "tests/unit/test_render.py")

MUTATIONS = [
    # the six bugs issue 18 planted that the suite missed
    Mutation("confidence cut-off dropped", "kg/extract/extractor.py",
             "if confidence >= min_confidence:", "if True:", EXTRACT_TESTS),
    Mutation("typed relations (USES, EVALUATED_ON, OPTIMISES) never emitted", "kg/extract/relations.py",
             "return cued[0]", 'return "MENTIONS"', GRAPH_TESTS),
    Mutation("trend() without a concept returns nothing", "kg/api.py",
             'return self.query("rising_concepts", since=since, limit=limit)', "return []", HOOD_TESTS),
    Mutation("neighbourhood ignores max_nodes", "kg/views/neighbourhood.py",
             "kept, edges, left_out = _strongest_around_concept(store, centre, hops, max_nodes)",
             "kept, edges, left_out = _strongest_around_concept(store, centre, hops, 10_000)", HOOD_TESTS),
    Mutation('"our proposed X" cue removed', "kg/extract/candidates.py",
             'doc[token.i - 1].lower_ in {"our", "the"}', "False", EXTRACT_TESTS),
    Mutation("only the first word of MENTIONS evidence stored", "kg/graph/in_memory.py",
             'key="MENTIONS", evidence=m.evidence,', 'key="MENTIONS", evidence=m.evidence.split(" ")[0],',
             GRAPH_TESTS),
    # the four it caught, kept so they stay caught
    Mutation("lexicon's known aliases dropped", "kg/graph/resolve.py",
             "return canonical_keys().get((type_, key), key)", "return key", GRAPH_TESTS),
    Mutation("no-forward-in-time check removed", "kg/graph/links.py",
             "if citing.year and origin_year and citing.year < origin_year:", "if False:", GRAPH_TESTS),
    # more of the same kind, in the modules the issue names
    Mutation("PROPOSES edge never written", "kg/graph/in_memory.py", "if m.proposed:\n", "if False:\n", GRAPH_TESTS),
    Mutation("co-occurrence recount one paper short", "cypher/write/co_occurs.cypher",
             "SET r.papers = papers", "SET r.papers = papers - 1", GRAPH_TESTS),
    Mutation("a concept's papers counted once too many", "cypher/write/concept_counts.cypher",
             "SET c.papers = papers", "SET c.papers = papers + 1", GRAPH_TESTS),
    Mutation("proposed threshold raised", "kg/extract/extractor.py",
             "bool(p >= 0.5)", "bool(p >= 0.95)", EXTRACT_TESTS),
    Mutation("overlapping phrases both kept", "kg/extract/extractor.py",
             "if all(any(_competes(span, span in pieces, *other) for other in kept_spans) for span in group.spans()):",
             "if False:", EXTRACT_TESTS),
    Mutation("same concept twice in a paper not merged", "kg/extract/extractor.py",
             "return tuple(merge_same_concept([_mention(d) for d in decided]))",
             "return tuple(_mention(d) for d in decided)", EXTRACT_TESTS),
    Mutation("a paper's own name resolves to another's acronym", "kg/graph/resolve.py",
             "if not m.proposed:  #", "if True:  #", GRAPH_TESTS),
    Mutation("type heads kept in concept keys", "kg/extract/normalise.py",
             "while len(words) > 1 and words[-1] in heads:", "while False:", EXTRACT_TESTS),
    Mutation("CIFAR10 and CIFAR-10 kept apart", "kg/extract/normalise.py",
             'text = LETTER_DIGIT.sub(" ", text)', "text = text", EXTRACT_TESTS),
    Mutation("neighbourhood left-out count forgets the concepts", "kg/views/neighbourhood.py",
             '(centre_row["papers"] or 0) + total_concepts - (len(kept) - 1)',
             '(centre_row["papers"] or 0) - (len(kept) - 1)', HOOD_TESTS),
    Mutation("one-hop neighbourhood ranks papers by id only", "cypher/queries/bridging_papers.cypher",
             "ORDER BY links DESC, confidence DESC, id", "ORDER BY links DESC, id", HOOD_TESTS),
    Mutation("builds-on ignores how common a name is", "kg/graph/links.py",
             "and c.papers <= common_limit ", "", GRAPH_TESTS),
    # the build in chunks must make the whole corpus's graph
    Mutation("a chunked build forgets who introduces a name", "kg/build/write_store.py",
             "rule.add_proposer(result.paper, links)", "pass", ("tests/integration/test_store.py",)),
    Mutation("a chunked build ignores the corpus's acronym definitions", "kg/build/write_store.py",
             "Resolver(facts.aliases.index(), thesaurus)", "Resolver({}, thesaurus)",
             ("tests/integration/test_store.py",)),
    Mutation("an acronym inside a longer word hides that word", "kg/extract/extractor.py",
             "return not (piece and _inside(span, other) or other_piece and _inside(other, span))", "return True",
             EXTRACT_TESTS),
    Mutation("a phrase cut across brackets is a candidate", "kg/extract/candidates.py",
             'stripped.count("(") != stripped.count(")") or', "False and", EXTRACT_TESTS),
    Mutation("kg extract ignores --min-confidence", "kg/cli/build.py",
             "spool=spool, min_confidence=args.min_confidence)", "spool=spool)",
             ("tests/unit/test_cli.py", "tests/integration/test_cli_end_to_end.py")),
]


def scratch_copy(destination: Path) -> None:
    """The tracked and new (not ignored) files of the working tree, as they are now."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    for folder in ("cypher", "viz"):  # packaged as kg.cypher and kg.viz: make the copy's own importable
        (destination / "kg" / folder).symlink_to(destination / folder)


def run_tests(copy: Path, tests: tuple[str, ...]) -> str:
    """"survived" when the tests pass, "caught" when one fails, "broken" when they cannot run at all.

    A mutation that breaks imports or collection proves nothing about the tests, so it
    is not counted as caught.
    """
    tests = tuple(t for t in tests if (copy / t).exists())  # an older checkout may lack a file
    env = {**os.environ, "PYTHONPATH": str(copy), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                          cwd=copy, env=env, capture_output=True, text=True)
    return {0: "survived", 1: "caught"}.get(done.returncode, "broken")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-k", default="", help="run only mutations whose name contains this text")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTATIONS if args.k.lower() in m.name.lower()]
    survived, stale, broken = [], [], []
    with tempfile.TemporaryDirectory(prefix="kg-mutate-") as scratch:
        copy = Path(scratch) / ROOT.name
        copy.mkdir()
        if (ROOT.parent / "shared").is_dir():  # the gold data the tests read beside the checkout
            (Path(scratch) / "shared").symlink_to(ROOT.parent / "shared")
        scratch_copy(copy)
        if run_tests(copy, tuple(sorted({t for m in chosen for t in m.tests}))) != "survived":
            print("the tests fail without any mutation; fix them first", file=sys.stderr)
            return 2
        for index, mutation in enumerate(chosen, start=1):
            target = copy / mutation.path
            original = target.read_text(encoding="utf-8")
            if original.count(mutation.old) != 1:
                stale.append(mutation)
                print(f"[{index}/{len(chosen)}] STALE     {mutation.name}: the code to mutate is not found once")
                continue
            target.write_text(original.replace(mutation.old, mutation.new), encoding="utf-8")
            started = time.monotonic()
            try:
                verdict = run_tests(copy, mutation.tests)
            finally:
                target.write_text(original, encoding="utf-8")
            {"survived": survived, "broken": broken}.get(verdict, []).append(mutation)
            print(f"[{index}/{len(chosen)}] {verdict.upper() if verdict != 'caught' else verdict:9} "
                  f"{mutation.name} ({time.monotonic() - started:.0f}s)", flush=True)
    print(f"\n{len(survived)} of {len(chosen) - len(stale) - len(broken)} mutations survived"
          + (f"; {len(stale)} stale" if stale else "") + (f"; {len(broken)} broken" if broken else ""))
    for mutation in survived:
        print(f"  survived: {mutation.name} ({mutation.path})")
    return 1 if survived or stale or broken else 0


if __name__ == "__main__":
    sys.exit(main())
