// Store each paper's vector, one row per paper, as FalkorDB's 32-bit vector type (what its vector index reads).
// param rows: list — maps with id and vector (384 floats)
UNWIND $rows AS row
MATCH (p:Paper {id: row.id})
SET p.embedding = vecf32(row.vector)
