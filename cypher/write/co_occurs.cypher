// Recount co-occurrence between each touched concept and the concepts sharing a paper with it.
// The relationship points from the smaller id to the larger, so a pair has one edge.
// param rows: list — maps with id, one per touched concept
UNWIND $rows AS row
MATCH (t:Concept {id: row.id})<-[:MENTIONS]-(p:Paper)-[:MENTIONS]->(o:Concept)
WHERE t <> o
WITH t, o, count(DISTINCT p) AS papers
WITH CASE WHEN t.id < o.id THEN t ELSE o END AS a,
     CASE WHEN t.id < o.id THEN o ELSE t END AS b, papers
MERGE (a)-[r:CO_OCCURS]->(b)
SET r.papers = papers
