// Concepts rising fastest: papers mentioning them from a year on, against the years before; growth is
// (recent + 1) / (before + 1), to two decimals.
// param since: int — the first year of the recent period
// param min_papers: int = 2 — ignore concepts with fewer recent papers
// param limit: int = 20 — how many to return
// example: kg query rising_concepts --param since=2023
MATCH (p:Paper)-[:MENTIONS]->(c:Concept)
WHERE p.year IS NOT NULL
WITH c, count(CASE WHEN p.year >= $since THEN p END) AS recent,
        count(CASE WHEN p.year < $since THEN p END) AS before
WHERE recent >= $min_papers
WITH c, recent, before, toFloat(recent + 1) / (before + 1) AS ratio
RETURN c.name AS concept, [l IN labels(c) WHERE l <> 'Concept'][0] AS type, recent, before,
       round(100 * ratio) / 100.0 AS growth  // 1.67, not 1.66666666666667
ORDER BY ratio DESC, recent DESC, concept
LIMIT $limit
