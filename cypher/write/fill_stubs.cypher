// When a cited work arrives, move the citations of its stub (keyed by a source id) onto it.
// param rows: list — maps with stub (a DOI, arXiv or source id) and id (the arriving paper's id)
UNWIND $rows AS row
MATCH (s:Paper {id: row.stub})
MATCH (p:Paper {id: row.id})
WHERE s.stub = true AND s <> p
OPTIONAL MATCH (c:Paper)-[:CITES]->(s)
WITH s, p, collect(c) AS citing
FOREACH (x IN citing | MERGE (x)-[:CITES]->(p))
DETACH DELETE s
