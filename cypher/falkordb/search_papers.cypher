// Papers whose title, abstract or evidence sentences (the entities text) match a full-text query, best first.
// param query: string — a full-text query in FalkorDB's (RediSearch) syntax, made by kg.explore.search
// param limit: int = 20 — how many to return
CALL db.idx.fulltext.queryNodes('Paper', $query) YIELD node, score
WHERE node.stub = false
RETURN node.id AS id, node.title AS title, node.year AS year, node.abstract AS abstract, node.entities AS entities,
       score
ORDER BY score DESC, id
LIMIT $limit
