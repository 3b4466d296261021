// A paper's concepts under each relationship it has to them (MENTIONS, PROPOSES, USES...), with the evidence.
// param id: string — the paper's id
MATCH (p:Paper {id: $id})-[r]->(c:Concept)
RETURN type(r) AS relation, c.id AS id, c.name AS name, [l IN labels(c) WHERE l <> 'Concept'][0] AS type,
       r.evidence AS evidence, c.papers AS papers
ORDER BY relation, papers DESC, name
