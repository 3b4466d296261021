// Every node with its label and properties, for export to other tools.
MATCH (n)
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Concept'][0] AS label, properties(n) AS props
