// Every node with its label and properties, for export to other tools (not the stored thesaurus: it is no node of
// the graph, kg stats lists it).
MATCH (n)
WHERE NOT n:Thesaurus
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Concept'][0] AS label, properties(n) AS props
