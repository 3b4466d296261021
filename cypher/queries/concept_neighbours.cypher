// The concepts sharing most papers with a concept, strongest first, and how many share any.
// param id: concept — the concept: its id, name or an alias, any case
// param limit: int = 40 — how many to return
// example: kg query concept_neighbours --param id=CLIP --param limit=10
MATCH (c:Concept {id: $id})-[r:CO_OCCURS]-(o:Concept)
WITH o.id AS id, r.papers AS papers
ORDER BY papers DESC, id
WITH collect({id: id, papers: papers}) AS neighbours
RETURN size(neighbours) AS total, neighbours[0..$limit] AS top
