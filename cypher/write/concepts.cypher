// Create or update concepts of one type; aliases only ever grow, the first name stays.
// param rows: list — maps with id, name, key, aliases
// The label placeholder is filled from kg's fixed set (Method, Dataset, Loss, Task), never from data.
UNWIND $rows AS row
MERGE (c:Concept {id: row.id})
ON CREATE SET c.name = row.name, c.key = row.key
SET c:__LABEL__,
    c.aliases = reduce(acc = coalesce(c.aliases, []), a IN row.aliases |
      CASE WHEN a IN acc THEN acc ELSE acc + a END)
