// The cosine between a vector and each listed paper's stored vector (null for a paper without one).
// param vector: list — 384 floats
// param ids: list — paper ids
UNWIND $ids AS pid
MATCH (p:Paper {id: pid})
RETURN p.id AS id, CASE WHEN p.embedding IS NULL THEN null
                        ELSE 1 - vec.cosineDistance(p.embedding, vecf32($vector)) END AS cosine
