// Every concept's name and aliases, most papers first: the words "did you mean" chooses from.
// param limit: int = 50000 — how many concepts to read
// example: kg query concept_names --param limit=20
MATCH (c:Concept)
RETURN c.name AS name, c.aliases AS aliases, c.papers AS papers
ORDER BY papers DESC, name
LIMIT $limit
