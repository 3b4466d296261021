// A paper's links to other papers, out (it builds on or cites them) and in (they build on or cite it).
// param id: string — the paper's id
// param limit: int = 100 — how many links each way
MATCH (p:Paper {id: $id})-[r:BUILDS_ON|CITES_TEXT|CITES]->(o:Paper)
WITH r, o
ORDER BY type(r), o.id
LIMIT $limit
RETURN 'out' AS direction, o.id AS id, o.title AS title, o.year AS year, type(r) AS type, r.evidence AS evidence,
       r.via AS via, o.stub AS stub
UNION ALL
MATCH (p:Paper {id: $id})<-[r:BUILDS_ON|CITES_TEXT|CITES]-(o:Paper)
WITH r, o
ORDER BY type(r), o.id
LIMIT $limit
RETURN 'in' AS direction, o.id AS id, o.title AS title, o.year AS year, type(r) AS type, r.evidence AS evidence,
       r.via AS via, o.stub AS stub
