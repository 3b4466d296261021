// Remove a paper's BUILDS_ON and CITES_TEXT links that the whole stored corpus, linked again, no longer gives.
// CITES stays: it comes from the references a source listed, which a later build does not see again.
// param rows: list — maps with paper and keep (the links to keep, each "TYPE|paper id")
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper})-[r:BUILDS_ON|CITES_TEXT]->(o:Paper)
WHERE NOT ((type(r) + '|' + o.id) IN row.keep)
DELETE r
