// Create or update concepts of one type; aliases only ever grow, the first name stays.
// param rows: list — maps with id, name, key, aliases
// The label placeholder is filled from kg's fixed set (Method, Dataset, Loss, Task), never from data.
// Both labels in the MERGE, not a later SET c:__LABEL__: a concept's id carries its type, so this matches the
// same node, and ArcadeDB (the live Bolt tests' server) refuses a label added in a transaction that merged the
// node under a unique constraint (ConstraintValidationFailed: it re-creates the node under the new label).
UNWIND $rows AS row
MERGE (c:Concept:__LABEL__ {id: row.id})
ON CREATE SET c.name = row.name, c.key = row.key
SET c.aliases = reduce(acc = coalesce(c.aliases, []), a IN row.aliases |
      CASE WHEN a IN acc THEN acc ELSE acc + a END)
