// Link papers to papers with one relationship type; properties are replaced, never duplicated.
// param rows: list — maps with source, target, props (evidence, via)
// The type placeholder is filled from kg's fixed set (BUILDS_ON, CITES_TEXT, CITES).
UNWIND $rows AS row
MATCH (a:Paper {id: row.source})
MATCH (b:Paper {id: row.target})
MERGE (a)-[r:__TYPE__]->(b)
SET r += row.props
