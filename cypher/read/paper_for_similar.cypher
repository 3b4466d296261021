// A paper by id or exact title, with its concepts' ids and its stored vector (null when vectors were not built).
// param paper: string — the paper's id, or its exact title
MATCH (p:Paper)
WHERE p.id = $paper OR p.title = $paper
OPTIONAL MATCH (p)-[:MENTIONS]->(c:Concept)
WITH p, collect(c.id) AS concepts
RETURN p.id AS id, p.title AS title, p.year AS year, p.stub AS stub, concepts, p.embedding AS vector
ORDER BY id
LIMIT 2
