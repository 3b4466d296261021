// One concept by id: its name, type, aliases and paper count, and how many papers the corpus has (for strengths).
// param id: string — the concept's id
MATCH (c:Concept {id: $id})
OPTIONAL MATCH (x:Paper)
WHERE x.stub = false
RETURN c.id AS id, c.name AS name, [l IN labels(c) WHERE l <> 'Concept'][0] AS type, c.aliases AS aliases,
       c.papers AS papers, count(x) AS corpus
