// Link papers to concepts with one relationship type; properties are replaced, never duplicated.
// param rows: list — maps with paper, concept, props (evidence, confidence)
// The type placeholder is filled from kg's fixed set (MENTIONS, PROPOSES, USES, EVALUATED_ON, OPTIMISES).
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper})
MATCH (c:Concept {id: row.concept})
MERGE (p)-[r:__TYPE__]->(c)
SET r += row.props
