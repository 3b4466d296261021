// The papers whose stored vectors are nearest a vector, by the store's vector index (cosine, -1 to 1).
// param vector: list — 384 floats
// param k: int = 30 — how many to return
// param exclude: string = "" — a paper id to leave out
CALL db.idx.vector.queryNodes('Paper', 'embedding', $k, vecf32($vector)) YIELD node, score
WHERE node.id <> $exclude
RETURN node.id AS id, node.title AS title, node.year AS year, 1 - score AS cosine
ORDER BY cosine DESC, id
