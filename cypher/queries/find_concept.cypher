// Search concepts by name or alias, case-insensitive substring match; exact names first.
// param text: string — part of a name or alias
// param limit: int = 20 — how many to return
// example: kg query find_concept --param text=rlhf
MATCH (c:Concept)
WHERE toLower(c.name) CONTAINS toLower($text)
   OR any(a IN c.aliases WHERE toLower(a) CONTAINS toLower($text))
WITH c, CASE WHEN toLower(c.name) = toLower($text)
              OR any(a IN c.aliases WHERE toLower(a) = toLower($text)) THEN 0 ELSE 1 END AS rank
RETURN c.id AS id, c.name AS name, [l IN labels(c) WHERE l <> 'Concept'][0] AS type,
       c.papers AS papers, c.aliases AS aliases
ORDER BY rank, papers DESC, name
LIMIT $limit
