// Concepts whose name or an alias holds every word, for a store without a full-text index: a scan of every concept.
// param words: list — lower-case words, every one of which must appear
// param limit: int = 20 — how many to return
MATCH (c:Concept)
WHERE all(w IN $words WHERE toLower(c.name + ' ' + reduce(s = '', a IN coalesce(c.aliases, []) | s + ' ' + a))
                            CONTAINS w)
RETURN c.id AS id, c.name AS name, [l IN labels(c) WHERE l <> 'Concept'][0] AS type,
       c.aliases AS aliases, c.papers AS papers, 1.0 AS score
ORDER BY papers DESC, id
LIMIT $limit
