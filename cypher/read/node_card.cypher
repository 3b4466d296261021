// A paper or a concept by id: its label (name or title), type and paper count, for a graph view.
// param id: string — a paper's or a concept's id
OPTIONAL MATCH (p:Paper {id: $id})
OPTIONAL MATCH (c:Concept {id: $id})
WITH coalesce(p, c) AS n
WHERE n IS NOT NULL
RETURN n.id AS id, coalesce(n.name, n.title, n.id) AS label, [l IN labels(n) WHERE l <> 'Concept'][0] AS type,
       n.papers AS papers
