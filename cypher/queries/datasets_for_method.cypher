// Datasets used in the papers that mention a method, most shared papers first.
// param name: string — the method's name or one of its aliases, any case
// param limit: int = 20 — how many datasets to return
// example: kg query datasets_for_method --param name=CLIP
MATCH (m:Method)
WHERE toLower(m.name) = toLower($name) OR any(a IN m.aliases WHERE toLower(a) = toLower($name))
MATCH (m)<-[:MENTIONS]-(p:Paper)-[:MENTIONS]->(d:Dataset)
RETURN d.name AS dataset, count(DISTINCT p) AS papers, collect(DISTINCT p.title)[0..3] AS example_papers
ORDER BY papers DESC, dataset
LIMIT $limit
