"""Read corpus files into :class:`~kg.records.Paper` records, one paper per work.

Paths may be files or directories (searched recursively). Each file's format is
chosen by its content (``input_format`` forces one): :mod:`.formats` reads one file,
:mod:`.corpus` walks the paths and keeps each paper once, :mod:`.fields` holds the
checks every record format shares.
"""

from .corpus import Corpus, corpus_files, read_corpus
from .formats import FORMATS, RECORD_FORMATS, RecordFormat
from .problems import Problem

__all__ = ["Corpus", "Problem", "read_corpus", "corpus_files", "FORMATS", "RECORD_FORMATS", "RecordFormat"]
