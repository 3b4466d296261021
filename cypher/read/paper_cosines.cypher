// The cosine between a vector and each listed paper's stored vector (null for a paper without one);
// Neo4j's vector.similarity.cosine is (1 + cosine) / 2.
// param vector: list — 384 floats
// param ids: list — paper ids
UNWIND $ids AS pid
MATCH (p:Paper {id: pid})
RETURN p.id AS id, CASE WHEN p.embedding IS NULL THEN null
                        ELSE 2 * vector.similarity.cosine(p.embedding, $vector) - 1 END AS cosine
