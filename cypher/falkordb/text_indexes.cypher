// The labels with a full-text index, and their indexed properties: whether kg search can use the index.
// (FalkorDB answers a query of a missing full-text index with no rows, not an error.)
CALL db.indexes() YIELD label, properties, types
RETURN label, properties, types
