"""kg: turn paper abstracts into a citation and concept knowledge graph.

Open a store, build a corpus into it, query it, draw it::

    import kg
    with kg.open() as graph:
        graph.build(["samples/hf-daily-papers"])
        print(graph.top_concepts(type="Method", limit=5))
"""

from .api import KnowledgeGraph, open
from .errors import InputError, KgError, QueryError, StoreError

from .version import __version__
__all__ = ["open", "KnowledgeGraph", "KgError", "InputError", "StoreError", "QueryError"]
