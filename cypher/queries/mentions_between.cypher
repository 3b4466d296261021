// The MENTIONS links from a set of papers to a set of concepts, with their evidence.
// param papers: list — paper ids
// param concepts: list — concept ids
// example: kg query mentions_between --param papers=2f1c0e9a --param concepts=method:clip
MATCH (p:Paper)-[r:MENTIONS]->(o:Concept)
WHERE p.id IN $papers AND o.id IN $concepts
RETURN p.id AS source, o.id AS target, type(r) AS type, r.evidence AS evidence, r.confidence AS confidence
