// Store each paper's vector, one row per paper.
// param rows: list — maps with id and vector (384 floats)
UNWIND $rows AS row
MATCH (p:Paper {id: row.id})
SET p.embedding = row.vector
