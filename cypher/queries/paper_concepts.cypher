// What one paper proposes and mentions, with each relationship and its evidence.
// param paper: string — the paper's id, or its exact title
// example: kg query paper_concepts --param paper="REPLUG: Retrieval-Augmented Black-Box Language Models"
MATCH (p:Paper)
WHERE p.id = $paper OR p.title = $paper
MATCH (p)-[m:MENTIONS]->(c:Concept)
OPTIONAL MATCH (p)-[pr:PROPOSES]->(c)
OPTIONAL MATCH (p)-[r]->(c)
WITH p, c, m, pr IS NOT NULL AS proposed, collect(DISTINCT type(r)) AS relations
RETURN c.name AS concept, [l IN labels(c) WHERE l <> 'Concept'][0] AS type, proposed, relations,
       m.confidence AS confidence, m.evidence AS evidence
ORDER BY proposed DESC, confidence DESC, concept
