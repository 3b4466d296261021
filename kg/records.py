"""Plain data passed between the pipeline stages.

Each stage (read -> extract -> resolve -> graph -> store) takes and returns these
frozen records, so no stage needs to know another's internals.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any

# C0 and C1 control characters but tab, newline and carriage return: invalid in XML, escapes on a terminal.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def normalise_title(title: str) -> str:
    """Case-folded words of a title in any script, the key that makes one paper out of its copies.

    Letters and digits of every script are kept (a Chinese or Greek title must not
    collapse into an empty key); accents are dropped so "Café" and "Cafe" copies meet.
    ASCII titles give the same key as before, so ids in existing stores do not change.
    """
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", title).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", " ", unicodedata.normalize("NFC", text)).strip()


def normalise_doi(doi) -> str | None:
    """A DOI as sources disagree on writing it (URL prefix, case), in one form, so copies of a work meet."""
    text = str(doi or "").strip()
    return re.sub(r"^https?://(dx\.)?doi\.org/", "", text, flags=re.I).lower() or None


def paper_id(title: str) -> str:
    """Stable id of a paper: readable prefix of the normalised title plus a short hash.

    The same title in two files (or two runs) always gives the same id.
    """
    return _id_of_key(normalise_title(title))


def legacy_paper_id(title: str) -> str:
    """The id stores of schema 1 gave a title (ASCII letters and digits only); kept to migrate them."""
    return _id_of_key(re.sub(r"[^a-z0-9]+", " ", unicodedata.normalize("NFKC", title).lower()).strip())


def _id_of_key(key: str) -> str:
    import hashlib

    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    slug = "-".join(re.sub(r"[^a-z0-9]+", " ", key).split()[:6])[:48]  # ASCII, for readable ids
    return f"{slug}-{digest}" if slug else digest


@dataclass(frozen=True)
class Reference:
    """A work a paper cites, as its source names it; ``cited_by`` turns the arrow round."""

    target: str  # the source's id of the other work: "openalex:W2741809807", "s2:649def34..."
    title: str | None = None
    cited_by: bool = False  # True when the other work cites this paper (Semantic Scholar's citations)


@dataclass(frozen=True)
class Paper:
    """One paper as read from a source; ``line`` is where its title stands."""

    id: str
    title: str
    abstract: str
    source: str
    line: int
    date: str | None = None  # ISO "2023-10-12", or "--04-17" when the page gives no year
    year: int | None = None
    month: int | None = None
    authors: int | None = None  # author count; pages give a count, not names
    doi: str | None = None
    arxiv_id: str | None = None
    external_id: str | None = None  # the source's own id: "openalex:W2741809807", "s2:649def34..."
    references: tuple[Reference, ...] = ()  # works it cites (or that cite it), as the source gives them

    @property
    def text(self) -> str:
        """Title and abstract as one text, the title a sentence of its own."""
        title = self.title.rstrip()
        sep = " " if title.endswith((".", "?", "!")) else ". "
        return f"{title}{sep}{self.abstract}" if self.abstract else title


@dataclass(frozen=True)
class Mention:
    """One concept found in one paper, as written there.

    ``aliases`` are the other surface forms of the same concept in that paper
    (an acronym and its expansion); ``evidence`` is the sentence it was seen in.
    """

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    proposed: bool = False
    confidence: float = 0.0
    evidence: str = ""
    relation: str = "MENTIONS"  # the typed link the text supports: USES, EVALUATED_ON, OPTIMISES

    def as_json(self) -> dict:
        """The public ``kg extract`` entity record."""
        return {
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "proposed": self.proposed,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class ExtractedPaper(Paper):
    """A paper read from a mentions file, with the mentions ``kg extract`` found in it then."""

    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class PaperMentions:
    """The extraction result for one paper."""

    paper: Paper
    mentions: tuple[Mention, ...] = field(default_factory=tuple)

    def as_json(self, made_by: dict | None = None) -> dict:
        """The public ``kg extract`` record; with ``made_by`` (kg.version.stamp()) also the whole paper
        and what made the record, so ``kg build`` can load it without parsing the text again."""
        record: dict[str, Any] = {
            "id": self.paper.id,
            "title": self.paper.title,
            "entities": [m.as_json() for m in self.mentions],
        }
        if made_by:
            paper = {f.name: getattr(self.paper, f.name) for f in fields(Paper) if f.name not in {"id", "title"}}
            paper["references"] = [vars(r) for r in self.paper.references]
            for entity, m in zip(record["entities"], self.mentions):
                entity["relation"] = m.relation
            record |= {"paper": paper, "kg": made_by}
        return record
