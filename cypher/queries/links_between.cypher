// The typed links among a set of nodes: how a paper uses a concept (PROPOSES, USES, EVALUATED_ON,
// OPTIMISES) and how papers build on or cite each other, with the evidence and the names they go through.
// param ids: list — node ids (papers and concepts)
// example: kg query links_between --param ids=simlm-pre-training-with-representation-bottlenec-72f6f3e632,colbertv2-effective-and-efficient-retrieval-via-2d4ecc9917
MATCH (p:Paper)-[r]->(o)
WHERE p.id IN $ids AND o.id IN $ids AND NOT type(r) IN ['MENTIONS', 'CO_OCCURS']
RETURN p.id AS source, o.id AS target, type(r) AS type, r.evidence AS evidence, r.via AS via
ORDER BY source, target, type
