// The MENTIONS links from a set of papers to a set of concepts, with their evidence.
// param papers: list — paper ids
// param concepts: concepts — concepts by id, name or alias
// example: kg query mentions_between --param papers=simlm-pre-training-with-representation-bottlenec-72f6f3e632 --param concepts=SimLM,ColBERTv2
MATCH (p:Paper)-[r:MENTIONS]->(o:Concept)
WHERE p.id IN $papers AND o.id IN $concepts
RETURN p.id AS source, o.id AS target, type(r) AS type, r.evidence AS evidence, r.confidence AS confidence
