// The id of the concept a user typed: its id, else its name or an alias in any case, else type:name
// (method:clip), the form the ids take; among concepts sharing a name, the one with most papers.
MATCH (c:Concept)
WITH c, CASE
    WHEN c.id = $given THEN 0
    WHEN toLower(c.name) = $lower OR any(a IN c.aliases WHERE toLower(a) = $lower) THEN 1
    WHEN $type IN labels(c) AND (toLower(c.name) = $name OR any(a IN c.aliases WHERE toLower(a) = $name)) THEN 2
  END AS rank
WHERE rank IS NOT NULL
RETURN c.id AS id
ORDER BY rank, c.papers DESC, id
LIMIT 1
