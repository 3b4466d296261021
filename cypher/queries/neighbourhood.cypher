// Neighbourhood of a concept: papers and concepts within a few hops, with the links between them.
// One MATCH per hop, each started only when $hops reaches it (from null, an OPTIONAL MATCH reads
// nothing), so a hub with tens of thousands of papers costs what $limit costs.
// param id: concept — the concept: its id, name or an alias, any case
// param hops: int = 2 — 1 gives its papers, 2 adds the concepts those papers mention, 3 their papers
// param limit: int = 200 — most paths to follow from the centre
// example: kg query neighbourhood --param id=method:clip --param hops=2
MATCH (c:Concept {id: $id})<-[m:MENTIONS]-(p:Paper)
WITH c, p, m LIMIT $limit
WITH c, p, m, CASE WHEN $hops >= 2 THEN p END AS from2
OPTIONAL MATCH (from2)-[r2:MENTIONS]->(o:Concept)
WHERE o <> c
WITH p, m, r2, CASE WHEN $hops >= 3 THEN o END AS from3
OPTIONAL MATCH (from3)<-[r3:MENTIONS]-(q:Paper)
WHERE q <> p
WITH m, r2, r3 LIMIT $limit
UNWIND [m, r2, r3] AS r
WITH DISTINCT r
WHERE r IS NOT NULL
RETURN startNode(r).id AS source, endNode(r).id AS target, type(r) AS type,
       r.evidence AS evidence, r.confidence AS confidence
