// Papers (not stubs) with no stored vector yet, a page at a time: what kg build --vectors embeds.
// param after: string = "" — the last id of the previous page
// param limit: int = 500 — papers per page
MATCH (p:Paper)
WHERE p.stub = false AND p.embedding IS NULL AND p.id > $after
RETURN p.id AS id, p.title AS title, p.abstract AS abstract
ORDER BY id
LIMIT $limit
