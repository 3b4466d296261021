// Remove a paper's links to concepts that its mentions, resolved again, no longer give (a bare MLE now
// resolved to maximum likelihood estimation); paper_links.cypher then writes the links it has.
// param rows: list — maps with paper and keep (the links to keep, each "TYPE|concept id")
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper})-[r]->(c:Concept)
WHERE NOT ((type(r) + '|' + c.id) IN row.keep)
DELETE r
