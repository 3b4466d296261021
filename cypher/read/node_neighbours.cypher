// A node's immediate neighbours, for a graph that expands on click: each paper or concept joined to it, with
// the relationships between the two; concepts sharing most papers first, then those joined most ways.
// param id: string — a paper's or a concept's id
// param limit: int = 50 — how many neighbours to return
OPTIONAL MATCH (p:Paper {id: $id})
OPTIONAL MATCH (c:Concept {id: $id})
WITH coalesce(p, c) AS n
WHERE n IS NOT NULL
MATCH (n)-[r]-(o)
WITH o, collect({source: startNode(r).id, target: endNode(r).id, type: type(r)}) AS edges,
     max(coalesce(r.papers, 0)) AS shared
RETURN o.id AS id, coalesce(o.name, o.title, o.id) AS label, [l IN labels(o) WHERE l <> 'Concept'][0] AS type,
       o.papers AS papers, edges, shared
ORDER BY shared DESC, size(edges) DESC, papers DESC, id
LIMIT $limit
