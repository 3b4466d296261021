// A paper by id, with its concepts' ids and its stored vector (null when vectors were not built).
// param paper: string — the paper's id (an id is found by the index; WHERE id OR title read every paper)
MATCH (p:Paper {id: $paper})
OPTIONAL MATCH (p)-[:MENTIONS]->(c:Concept)
WITH p, collect(c.id) AS concepts
RETURN p.id AS id, p.title AS title, p.year AS year, p.stub AS stub, concepts, p.embedding AS vector
