// An index on concepts' aliases (FalkorDB indexes each element of a list), so kg search finds a concept by an
// exact alias (WN, CLIP) without a scan. Run again it fails with "already indexed", which kg takes as done.
CREATE INDEX FOR (c:Concept) ON (c.aliases)
