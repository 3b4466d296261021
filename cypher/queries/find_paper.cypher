// Papers whose title contains the text, any case; exact titles first.
// param text: string — part of a title, or a paper id
// param limit: int = 20 — how many to return
// example: kg query find_paper --param text="information bottleneck"
MATCH (p:Paper)
WHERE p.id = $text OR toLower(p.title) CONTAINS toLower($text)
WITH p, CASE WHEN p.id = $text OR toLower(p.title) = toLower($text) THEN 0 ELSE 1 END AS rank
RETURN p.id AS id, p.title AS title, p.date AS date
ORDER BY rank, title
LIMIT $limit
