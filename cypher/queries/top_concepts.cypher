// Top concepts of one type by the number of papers that mention them.
// param type: type = Method — Method, Dataset, Loss or Task, any case
// param limit: int = 20 — how many to return
// example: kg query top_concepts --param type=Dataset --param limit=10
MATCH (c:Concept)
WHERE $type IN labels(c)
RETURN c.name AS name, c.papers AS papers, c.aliases AS aliases
ORDER BY papers DESC, name
LIMIT $limit
