// Create stubs for cited works outside the corpus; an existing paper of that id is left as it is.
// param rows: list — maps with id, title, external_id
UNWIND $rows AS row
MERGE (p:Paper {id: row.id})
ON CREATE SET p.title = row.title, p.external_id = row.external_id, p.stub = true
