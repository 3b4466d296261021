// A concept's papers that mention most of a set of other concepts: the papers that hold a map together.
// param id: concept — the concept: its id, name or an alias, any case
// param ids: concepts — the other concepts, by id, name or alias (may be empty: then by the mention's confidence alone)
// param limit: int = 20 — how many papers
// example: kg query bridging_papers --param id=CLIP --param ids=ImageNet,InfoNCE
MATCH (c:Concept {id: $id})<-[m:MENTIONS]-(p:Paper)
WITH p, m, CASE WHEN size($ids) > 0 THEN p END AS linking  // from null, the next MATCH reads nothing
OPTIONAL MATCH (linking)-[:MENTIONS]->(o:Concept)
WHERE o.id IN $ids
WITH p, m, count(o) AS links
RETURN p.id AS id, links, m.confidence AS confidence
ORDER BY links DESC, confidence DESC, id
LIMIT $limit
