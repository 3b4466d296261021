// Papers per year that mention a concept (papers without a year are left out).
// param name: string — the concept's name or one of its aliases, any case
// example: kg query concept_trend --param name="neural networks"
MATCH (c:Concept)
WHERE toLower(c.name) = toLower($name) OR any(a IN c.aliases WHERE toLower(a) = toLower($name))
MATCH (p:Paper)-[:MENTIONS]->(c)
WHERE p.year IS NOT NULL
RETURN c.name AS concept, p.year AS year, count(DISTINCT p) AS papers
ORDER BY year
