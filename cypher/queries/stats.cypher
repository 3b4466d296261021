// Graph statistics: how many nodes of each label and relationships of each type.
// example: kg query stats
MATCH (n)
UNWIND labels(n) AS label
RETURN 'node' AS kind, label AS name, count(*) AS count
UNION ALL
MATCH ()-[r]->()
RETURN 'relationship' AS kind, type(r) AS name, count(*) AS count
