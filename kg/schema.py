"""The graph's schema, in one place: node labels, concept types, relationship types, properties.

Every stage imports these names instead of spelling them, so adding a Paper
property means adding it here and in the reader that knows it: ``build_graph``
copies the listed fields, and the writer's Cypher sets ``p += row.props``.
Labels and relationship types are also the only names the writer splices into a
statement, so this module is the allow-list that keeps data out of Cypher text.
"""

from __future__ import annotations

PAPER = "Paper"
CONCEPT = "Concept"  # every concept node carries this label as well as its type
CONCEPT_TYPES = ("Method", "Dataset", "Loss", "Task")
NODE_LABELS = (PAPER, CONCEPT, *CONCEPT_TYPES)

# Paper -> Concept: MENTIONS for every concept a paper names; the others say how (a paper's own new
# concept, a method it applies, a dataset it reports results on, a loss it trains with).
PAPER_CONCEPT_TYPES = ("MENTIONS", "PROPOSES", "USES", "EVALUATED_ON", "OPTIMISES")
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
PROPERTY_KEYS = ("id", "stub", *PAPER_PROPERTIES, *CONCEPT_PROPERTIES, *LINK_PROPERTIES)
