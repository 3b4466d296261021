// Top concepts of every type by the number of papers that mention them.
// param limit: int = 150 — how many to return
// example: kg query top_concepts_any --param limit=20
MATCH (c:Concept)
RETURN c.id AS id, c.name AS name, [l IN labels(c) WHERE l <> 'Concept'][0] AS type,
       c.papers AS papers, c.aliases AS aliases
ORDER BY papers DESC, name
LIMIT $limit
