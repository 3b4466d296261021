// Create stubs for cited works outside the corpus; an existing paper of that id is left as it is.
// param rows: list — maps with id and props (kg.schema.STUB_PROPERTIES)
UNWIND $rows AS row
MERGE (p:Paper {id: row.id})
ON CREATE SET p += row.props, p.stub = true
