// Delete concepts no stored paper's mentions resolve to any more, with their links.
// param rows: list — maps with id
UNWIND $rows AS row
MATCH (c:Concept {id: row.id})
DETACH DELETE c
