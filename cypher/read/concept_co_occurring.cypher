// The concepts sharing papers with a concept, by association strength (shared papers over what the two
// concepts' sizes alone would give: shared * corpus / (papers * other's papers), VOSviewer's normalisation);
// pairs sharing at least $min_shared papers first, since one shared paper between two rare concepts is chance.
// param id: string — the concept's id
// param corpus: int — papers in the corpus
// param min_shared: int = 2 — pairs sharing fewer papers come after the others
// param limit: int = 30 — how many to return
MATCH (c:Concept {id: $id})-[r:CO_OCCURS]-(o:Concept)
WITH o, r.papers AS shared, toFloat(r.papers) * $corpus / (coalesce(c.papers, 1) * coalesce(o.papers, 1)) AS strength
RETURN o.id AS id, o.name AS name, [l IN labels(o) WHERE l <> 'Concept'][0] AS type, shared AS papers,
       round(strength * 1000) / 1000.0 AS strength
ORDER BY shared >= $min_shared DESC, strength DESC, papers DESC, id
LIMIT $limit
