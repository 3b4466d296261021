// One concept by id: its name, type, aliases and paper count, and how many papers the corpus has (for strengths).
// The corpus is counted first, once: counted beside the concept it was a product the planner walked per row
// (100 ms a page on a 100k-paper store, against 13 ms this way).
// param id: string — the concept's id
MATCH (x:Paper)
WHERE x.stub = false
WITH count(x) AS corpus
MATCH (c:Concept {id: $id})
RETURN c.id AS id, c.name AS name, [l IN labels(c) WHERE l <> 'Concept'][0] AS type, c.aliases AS aliases,
       c.papers AS papers, corpus
