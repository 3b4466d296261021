// Concepts that share papers with a concept, by how many papers they share.
// param name: string — the concept's name or one of its aliases, any case
// param limit: int = 20 — how many concepts to return
// example: kg query co_occurring --param name="contrastive loss"
MATCH (c:Concept)
WHERE toLower(c.name) = toLower($name) OR any(a IN c.aliases WHERE toLower(a) = toLower($name))
MATCH (c)-[r:CO_OCCURS]-(o:Concept)
RETURN o.name AS concept, [l IN labels(o) WHERE l <> 'Concept'][0] AS type, r.papers AS papers
ORDER BY papers DESC, concept
LIMIT $limit
