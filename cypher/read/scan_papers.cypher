// Papers holding every word in their title, abstract or entities text, for a store without a full-text index
// (built before kg indexed text, or a Bolt server without full-text indexes): a scan of every paper.
// param words: list — lower-case words, every one of which must appear
// param limit: int = 20 — how many to return
MATCH (p:Paper)
WHERE p.stub = false AND all(w IN $words WHERE toLower(coalesce(p.title, '') + ' ' + coalesce(p.abstract, '') + ' '
                                                      + coalesce(p.entities, '')) CONTAINS w)
RETURN p.id AS id, p.title AS title, p.year AS year, p.abstract AS abstract, p.entities AS entities,
       1.0 + size([w IN $words WHERE toLower(coalesce(p.title, '')) CONTAINS w]) AS score
ORDER BY score DESC, id
LIMIT $limit
