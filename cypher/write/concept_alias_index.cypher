// An index on concepts' aliases, so kg search finds a concept by an exact alias (WN, CLIP) without a scan.
CREATE INDEX concept_aliases IF NOT EXISTS FOR (c:Concept) ON (c.aliases)
