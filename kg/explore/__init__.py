"""Exploring a built store: full-text search, similar papers, where an abstract fits, and the data of the
pages ``kg serve`` shows. Everything here reads only, and returns plain JSON-serialisable data.

- :func:`search`: concepts and papers matching a text, through the stores' full-text indexes;
- :func:`similar`: papers ranked by the rare concepts they share, and their stored vectors' cosine;
- :func:`place`: an abstract's known and new concepts and its nearest papers, without writing it;
- :func:`concept_page`, :func:`paper_page`, :func:`expand`: what a page and a click-to-expand graph show.
"""

from .pages import concept_page, expand, paper_page
from .place import place
from .search import search
from .similar import similar

__all__ = ["search", "similar", "place", "concept_page", "paper_page", "expand"]
