// The papers whose stored vectors are nearest a vector, by the store's vector index (cosine, -1 to 1;
// Neo4j scores cosine as (1 + cosine) / 2).
// param vector: list — 384 floats
// param k: int = 30 — how many to return
// param exclude: string = "" — a paper id to leave out
CALL db.index.vector.queryNodes('paper_embedding', $k, $vector) YIELD node, score
WHERE node.id <> $exclude
RETURN node.id AS id, node.title AS title, node.year AS year, 2 * score - 1 AS cosine
ORDER BY cosine DESC, id
