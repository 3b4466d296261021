// Concepts one of whose aliases is one of the given spellings (exact; kg passes the case variants),
// found through the index on aliases. FalkorDB's full-text index skips list properties, so aliases are found here.
// param spellings: list — the spellings to look for
// param limit: int = 20 — how many to return
UNWIND $spellings AS spelling
MATCH (c:Concept)
WHERE spelling IN c.aliases
RETURN DISTINCT c.id AS id, c.name AS name, [l IN labels(c) WHERE l <> 'Concept'][0] AS type,
       c.aliases AS aliases, c.papers AS papers
ORDER BY papers DESC, id
LIMIT $limit
