"""The graph's schema, in one place: node labels, concept types, relationship types, properties.

Every stage imports these names instead of spelling them, so adding a Paper
property means adding it here and in the reader that knows it: ``build_graph``
copies the listed fields, and the writer's Cypher sets ``p += row.props``.
Labels and relationship types are also the only names the writer splices into a
statement, so this module is the allow-list that keeps data out of Cypher text.

Each concept type (and the Paper label) is described once, in
``kg/data/concept_types.json``: its name, plural, head words, typed relation, colour
and shape. It is a data file rather than Python because most of it is word lists and
drawing style that people edit without touching code, and it sits with kg's other
word lists; this module reads and checks it and is still the one place stages import
from. Adding a type is one entry there, known names in ``kg/data/lexicon.tsv``, and
a retrain (the entity model and tagger refuse to run on types they were not trained on).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from .errors import KgError

TYPES_FILE = "concept_types.json"
_LABEL = re.compile(r"[A-Z][A-Za-z]*")  # spliced into Cypher, so letters only
_RELATION = re.compile(r"[A-Z][A-Z_]*")


@dataclass(frozen=True)
class NodeType:
    """How one kind of node is named, found, linked and drawn (the Paper label has no words or relation)."""

    name: str  # the node label; files and the CLI spell it so (the CLI in any case)
    plural: str  # lower case, for counts: "3 methods"
    colour: str
    shape: str  # a vis-network shape
    head_words: frozenset[str] = frozenset()  # a noun phrase ending in one names this type: "BLEU score"
    kind_words: frozenset[str] = frozenset()  # only say the type after a name: "ImageNet dataset" is ImageNet
    relation: str | None = None  # Paper -> concept where the sentence matches relation_cue
    relation_cue: re.Pattern | None = None
    scored: bool = False  # the gold annotations have it: training reports its own score row


def node_type_from_json(data: dict, where: str = TYPES_FILE) -> NodeType:
    """One description as the data file writes it; an error naming the file for a bad one."""
    try:
        cue = data.get("relation_cue")
        node = NodeType(data["name"], data["plural"], data["colour"], data["shape"],
                        frozenset(data.get("head_words", ())), frozenset(data.get("kind_words", ())),
                        data.get("relation"), re.compile(cue, re.I) if cue else None, bool(data.get("scored")))
    except (KeyError, TypeError, re.error) as e:
        raise KgError(f"{where}: a type description is missing or has a bad {e}; see the file's 'about'") from None
    if not _LABEL.fullmatch(node.name) or node.relation is not None and not _RELATION.fullmatch(node.relation):
        raise KgError(f"{where}: {node.name!r}: a name is letters (Method), a relation capitals and _ (USES)")
    if (node.relation is None) != (node.relation_cue is None):
        raise KgError(f"{where}: {node.name}: a relation needs a relation_cue, and a cue a relation")
    return node


def _read_types() -> tuple[NodeType, tuple[NodeType, ...]]:
    data = json.loads(resources.files("kg.data").joinpath(TYPES_FILE).read_text(encoding="utf-8"))
    return node_type_from_json(data["paper"]), tuple(node_type_from_json(t) for t in data["concepts"])


def _check(concepts: Sequence[NodeType]) -> None:
    """Names unique, none of the fixed labels, and each head word of one type only (so one head rule decides)."""
    names = [t.name for t in concepts]
    if len(set(names)) != len(names) or {PAPER, CONCEPT, THESAURUS} & set(names) or not names:
        raise KgError(f"{TYPES_FILE}: concept type names must be distinct and not {PAPER}, {CONCEPT} or "
                      f"{THESAURUS}: {names}")
    for i, t in enumerate(concepts):
        for other in concepts[i + 1:]:
            if t.head_words & other.head_words:
                raise KgError(f"{TYPES_FILE}: head word {min(t.head_words & other.head_words)!r} belongs to "
                              f"both {t.name} and {other.name}; give it to one")
        for fixed in RULE_TYPES:
            if fixed not in names:
                raise KgError(f"{TYPES_FILE}: {fixed} is missing; kg's extraction rules are written for it")


# The concept types some extraction rules are written for (the Dataset head rule, the loss after a
# name...); a type beyond these is found by the lexicon, its head words and the learned model.
METHOD, DATASET, LOSS, TASK = RULE_TYPES = ("Method", "Dataset", "Loss", "Task")
CONCEPT = "Concept"  # every concept node carries this label as well as its type
THESAURUS = "Thesaurus"  # the one node that keeps a user's thesaurus (kg curate): rows, source
PAPER_TYPE, CONCEPT_TYPE_DESCRIPTIONS = _read_types()
PAPER = PAPER_TYPE.name
_check(CONCEPT_TYPE_DESCRIPTIONS)
CONCEPT_TYPES = tuple(t.name for t in CONCEPT_TYPE_DESCRIPTIONS)
NODE_LABELS = (PAPER, CONCEPT, *CONCEPT_TYPES, THESAURUS)

# Paper -> Concept: MENTIONS for every concept a paper names; the others say how (a paper's own new
# concept, a method it applies, a dataset it reports results on, a loss it trains with).
PAPER_CONCEPT_TYPES = ("MENTIONS", "PROPOSES", *(t.relation for t in CONCEPT_TYPE_DESCRIPTIONS if t.relation))
# Paper -> Paper: a name the other introduced (BUILDS_ON), its title in the text (CITES_TEXT), a listed reference.
PAPER_PAPER_TYPES = ("BUILDS_ON", "CITES_TEXT", "CITES")
CO_OCCURS = "CO_OCCURS"  # Concept - Concept, counted by the store from shared papers
RELATIONSHIP_TYPES = (*PAPER_CONCEPT_TYPES, *PAPER_PAPER_TYPES, CO_OCCURS)

# Properties of a Paper besides its id, as models.Paper names them; "source" is written "file:line".
PAPER_PROPERTIES = ("title", "abstract", "date", "year", "month", "authors", "source", "doi", "arxiv_id",
                    "external_id")
STUB_PROPERTIES = ("title", "external_id")  # a cited work outside the corpus: what its citer knows
CONCEPT_PROPERTIES = ("name", "key", "aliases", "papers")  # papers: counted by the store
LINK_PROPERTIES = ("evidence", "confidence", "via")  # on relationships; CO_OCCURS carries papers
# A Paper's properties besides those a reader gives: the mentions extraction found (JSON text, for later builds;
# kg search's full-text index reads its evidence sentences), and its MiniLM vector (kg build --vectors only)
PAPER_KEPT = ("entities", "embedding")
PROPERTY_KEYS = ("id", "stub", *PAPER_PROPERTIES, *PAPER_KEPT, *CONCEPT_PROPERTIES, *LINK_PROPERTIES, "rows")


def node_type(name: str | None) -> NodeType:
    """The description of a node label (Paper or a concept type); an error for any other, never a guess."""
    for t in (PAPER_TYPE, *CONCEPT_TYPE_DESCRIPTIONS):
        if t.name == name:
            return t
    raise KgError(f"no node type {name!r} in {TYPES_FILE}; the types are {', '.join((PAPER, *CONCEPT_TYPES))}")


def concept_type_named(spelling: str) -> str | None:
    """The concept type a user wrote in any case ("method", "DATASET"), or None."""
    return next((t for t in CONCEPT_TYPES if t.lower() == spelling.strip().lower()), None)


def define_concept_types(types: Sequence[NodeType]) -> None:
    """Replace the concept types for this process, as an edited ``concept_types.json`` would.

    For trying a type before it is in the file (a test, a notebook). Stages copy the
    types when they are imported, so this must run before them; it refuses once any kg
    module holds the old ones rather than leave two sets of types in one process.
    """
    global CONCEPT_TYPE_DESCRIPTIONS, CONCEPT_TYPES, NODE_LABELS, PAPER_CONCEPT_TYPES, RELATIONSHIP_TYPES
    _check(types)
    stale = sorted(name for name, module in list(sys.modules.items()) if name.startswith("kg.") and name != __name__
                   and any(value is CONCEPT_TYPES for value in vars(module).values()))
    if stale:
        raise KgError(f"define_concept_types: {', '.join(stale)} already read the concept types; "
                      "define them before importing kg's stages")
    CONCEPT_TYPE_DESCRIPTIONS = tuple(types)
    CONCEPT_TYPES = tuple(t.name for t in types)
    NODE_LABELS = (PAPER, CONCEPT, *CONCEPT_TYPES, THESAURUS)
    PAPER_CONCEPT_TYPES = ("MENTIONS", "PROPOSES", *(t.relation for t in types if t.relation))
    RELATIONSHIP_TYPES = (*PAPER_CONCEPT_TYPES, *PAPER_PAPER_TYPES, CO_OCCURS)
