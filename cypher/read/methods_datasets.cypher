// The methods x datasets table around a concept: for a method, the datasets its papers report on; for a
// dataset, the methods evaluated on it; each pair with its papers (EVALUATED_ON where the text says so).
// param id: string — the concept's id (a Method or a Dataset; any other type gives no rows)
// param limit: int = 20 — how many rows to return
MATCH (c:Concept {id: $id})<-[:MENTIONS]-(p:Paper)-[:MENTIONS]->(o:Concept)
WHERE ('Method' IN labels(c) AND 'Dataset' IN labels(o)) OR ('Dataset' IN labels(c) AND 'Method' IN labels(o))
WITH c, o, p
OPTIONAL MATCH (p)-[e:EVALUATED_ON]->(d:Dataset)
WHERE d = c OR d = o
WITH c, o, count(DISTINCT p) AS papers, count(DISTINCT e) AS evaluated_on, collect(DISTINCT p.id)[0..3] AS example_ids
RETURN CASE WHEN 'Method' IN labels(c) THEN c.id ELSE o.id END AS method_id,
       CASE WHEN 'Method' IN labels(c) THEN c.name ELSE o.name END AS method,
       CASE WHEN 'Method' IN labels(c) THEN o.id ELSE c.id END AS dataset_id,
       CASE WHEN 'Method' IN labels(c) THEN o.name ELSE c.name END AS dataset,
       papers, evaluated_on, example_ids
ORDER BY papers DESC, evaluated_on DESC, method, dataset
LIMIT $limit
