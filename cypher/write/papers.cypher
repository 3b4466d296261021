// Create or update papers, one row per paper; re-running with the same rows changes nothing.
// A stub written earlier for a cited work with this id becomes the full paper.
// param rows: list — maps with id and props (kg.schema.PAPER_PROPERTIES; a null removes the property)
UNWIND $rows AS row
MERGE (p:Paper {id: row.id})
SET p += row.props,
    p.stub = false
