// Create or update concepts of one type with the name, key and aliases resolved from every paper the store holds.
// param rows: list — maps with id, name, key, aliases
// The label placeholder is filled from kg's concept types (kg/schema.py, kg/data/concept_types.json), never from data.
// Each build resolves every stored paper's mentions again, so the name and aliases are replaced, not grown:
// the same papers give the same concept whatever order they were built in.
// Both labels in the MERGE, not a later SET c:__LABEL__: a concept's id carries its type, so this matches the
// same node, and ArcadeDB refuses a label added in a transaction that merged the node under a unique constraint.
UNWIND $rows AS row
MERGE (c:Concept:__LABEL__ {id: row.id})
SET c.name = row.name, c.key = row.key, c.aliases = row.aliases
