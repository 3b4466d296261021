// Papers that mention a concept, with how they relate to it and the sentence that says so.
// param name: string — the concept's name or one of its aliases, any case
// param limit: int = 50 — how many papers to return
// example: kg query papers_for_concept --param name=RLHF
MATCH (c:Concept)
WHERE toLower(c.name) = toLower($name) OR any(a IN c.aliases WHERE toLower(a) = toLower($name))
MATCH (p:Paper)-[m:MENTIONS]->(c)
OPTIONAL MATCH (p)-[r]->(c)
WITH c, p, m, collect(DISTINCT type(r)) AS relations
RETURN c.name AS concept, p.id AS paper, p.title AS title, relations, m.evidence AS evidence
ORDER BY m.confidence DESC, title
LIMIT $limit
