"""The build's on-disk working copy: a list that holds any corpus, and an error, not a traceback, when it cannot."""

from __future__ import annotations

import pytest

from kg.errors import KgError
from kg.records import Paper
from kg.build.spool import Spool, chunks


def paper(i: int) -> Paper:
    return Paper(f"p{i}", f"Title {i}", "An abstract. " * 20, "corpus.txt", i)


def test_a_spooled_list_keeps_order_replacements_and_leaves_nothing_behind():
    with Spool() as spool:
        papers, other = spool.list(), spool.list()
        papers.extend(paper(i) for i in range(1234))
        papers[7] = paper(7000)
        other.append(paper(-1))
        assert len(papers) == 1234 and papers[-1] == paper(1233) and papers[7].id == "p7000"
        assert [p.id for p in papers][:9] == ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7000", "p8"]
        assert [len(c) for c in chunks(papers, 500)] == [500, 500, 234]
        assert list(other) == [paper(-1)]
        with pytest.raises(IndexError):
            papers[1234]
        folder = spool._dir.name
    import os

    assert not os.path.exists(folder)


def test_a_full_disk_is_a_one_line_error_naming_the_spool():
    with Spool() as spool:
        papers = spool.list()
        spool._db.execute("PRAGMA max_page_count = 3")  # SQLite's own limit: a real SQLITE_FULL, as on a full disk
        with pytest.raises(KgError, match=r"working copy of the corpus in .*kg-build-.* could not be written "
                                          r"\(database or disk is full\).*TMPDIR"):
            papers.extend(paper(i) for i in range(100))
