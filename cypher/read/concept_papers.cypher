// The papers that mention a concept, newest first: how each relates to it (the strongest of PROPOSES,
// EVALUATED_ON, USES, OPTIMISES, else MENTIONS) and the evidence sentence.
// param id: string — the concept's id
// param limit: int = 200 — how many papers to return
MATCH (c:Concept {id: $id})<-[m:MENTIONS]-(p:Paper)
OPTIONAL MATCH (p)-[r:PROPOSES|EVALUATED_ON|USES|OPTIMISES]->(c)
WITH p, m, collect(type(r)) AS types
WITH p, m, CASE WHEN 'PROPOSES' IN types THEN 'PROPOSES' WHEN size(types) > 0 THEN types[0] ELSE 'MENTIONS' END
     AS relation
RETURN p.id AS id, p.title AS title, p.year AS year, relation, m.evidence AS evidence
ORDER BY relation = 'PROPOSES' DESC, year IS NULL, year DESC, id
LIMIT $limit
