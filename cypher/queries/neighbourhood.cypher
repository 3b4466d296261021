// Neighbourhood of a concept: papers and concepts within a few hops, with the links between them.
// param id: string — the concept's id (from find_concept)
// param hops: int = 2 — 1 gives its papers, 2 adds the concepts those papers mention
// param limit: int = 200 — most paths to follow from the centre
// example: kg query neighbourhood --param id=method:clip --param hops=2
MATCH path = (c:Concept {id: $id})-[:MENTIONS*1..3]-(n)
WHERE length(path) <= $hops
WITH path LIMIT $limit
UNWIND relationships(path) AS r
WITH DISTINCT r
RETURN startNode(r).id AS source, endNode(r).id AS target, type(r) AS type,
       r.evidence AS evidence, r.confidence AS confidence
