// Neighbourhood of a paper: its concepts and the papers it links to, then what those reach.
// One MATCH per hop, each started only when $hops reaches it, so a paper that mentions a hub
// costs what $limit costs.
// param id: string — the paper's id (see paper_concepts)
// param hops: int = 2 — 1 gives its concepts and linked papers; 2 adds what those link to
// param limit: int = 200 — most paths to follow from the centre
// example: kg query paper_neighbourhood --param id=splade-sparse-lexical-and-expansion-model-92428dbec5
MATCH (p:Paper {id: $id})-[r1:MENTIONS|BUILDS_ON|CITES|CITES_TEXT]-(n1)
WITH p, r1, n1 LIMIT $limit
WITH p, r1, CASE WHEN $hops >= 2 THEN n1 END AS from2
OPTIONAL MATCH (from2)-[r2:MENTIONS|BUILDS_ON|CITES|CITES_TEXT]-(n2)
WHERE r2 <> r1
WITH r1, r2, CASE WHEN $hops >= 3 THEN n2 END AS from3
OPTIONAL MATCH (from3)-[r3:MENTIONS|BUILDS_ON|CITES|CITES_TEXT]-(n3)
WHERE r3 <> r2 AND r3 <> r1
WITH r1, r2, r3 LIMIT $limit
UNWIND [r1, r2, r3] AS r
WITH DISTINCT r
WHERE r IS NOT NULL
RETURN startNode(r).id AS source, endNode(r).id AS target, type(r) AS type,
       r.evidence AS evidence, r.confidence AS confidence
