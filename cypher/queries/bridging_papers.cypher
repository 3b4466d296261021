// A concept's papers that mention most of a set of other concepts: the papers that hold a map together.
// param id: string — the concept's id
// param ids: list — the other concepts' ids (may be empty: then by the mention's confidence alone)
// param limit: int = 20 — how many papers
// example: kg query bridging_papers --param id=method:clip --param ids=dataset:imagenet,loss:infonce
MATCH (c:Concept {id: $id})<-[m:MENTIONS]-(p:Paper)
WITH p, m, CASE WHEN size($ids) > 0 THEN p END AS linking  // from null, the next MATCH reads nothing
OPTIONAL MATCH (linking)-[:MENTIONS]->(o:Concept)
WHERE o.id IN $ids
WITH p, m, count(o) AS links
RETURN p.id AS id, links, m.confidence AS confidence
ORDER BY links DESC, confidence DESC, id
LIMIT $limit
