// Neighbourhood of a paper: its concepts and the papers it links to, then what those reach.
// param id: string — the paper's id (see paper_concepts)
// param hops: int = 2 — 1 gives its concepts; 2 adds the papers that mention them too
// param limit: int = 200 — most paths to follow from the centre
// example: kg query paper_neighbourhood --param id=getting-more-out-of-mixture-of-language-4be2b9b7a1
MATCH path = (p:Paper {id: $id})-[:MENTIONS|BUILDS_ON|CITES|CITES_TEXT*1..3]-(n)
WHERE length(path) <= $hops
WITH path LIMIT $limit
UNWIND relationships(path) AS r
WITH DISTINCT r
RETURN startNode(r).id AS source, endNode(r).id AS target, type(r) AS type,
       r.evidence AS evidence, r.confidence AS confidence
