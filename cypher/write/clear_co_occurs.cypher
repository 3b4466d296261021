// Delete the co-occurrence edges of each touched concept before co_occurs.cypher counts them again,
// so a pair that no longer shares a paper keeps no edge.
// param rows: list — maps with id, one per touched concept
UNWIND $rows AS row
MATCH (c:Concept {id: row.id})-[r:CO_OCCURS]-(:Concept)
WITH DISTINCT r
DELETE r
