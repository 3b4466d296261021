// Methods in the papers that evaluate on a dataset, most shared papers first.
// param name: string — the dataset's name or one of its aliases, any case
// param limit: int = 20 — how many methods to return
// example: kg query methods_on_dataset --param name=ImageNet
MATCH (d:Dataset)
WHERE toLower(d.name) = toLower($name) OR any(a IN d.aliases WHERE toLower(a) = toLower($name))
MATCH (d)<-[:MENTIONS]-(p:Paper)-[:MENTIONS]->(m:Method)
OPTIONAL MATCH (p)-[e:EVALUATED_ON]->(d)
RETURN m.name AS method, count(DISTINCT p) AS papers, count(DISTINCT e) AS evaluated_on
ORDER BY papers DESC, method
LIMIT $limit
