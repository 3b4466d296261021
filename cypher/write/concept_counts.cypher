// Recount the papers of each concept a build touched, from the stored links (co_occurs.cypher recounts pairs).
// Counting in the store keeps counts right when a later build adds papers.
// param rows: list — maps with id, one per touched concept
UNWIND $rows AS row
MATCH (c:Concept {id: row.id})<-[:MENTIONS]-(p:Paper)
WITH c, count(DISTINCT p) AS papers
SET c.papers = papers
