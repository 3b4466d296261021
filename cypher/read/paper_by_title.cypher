// The id of the paper with this exact title, for a page or a ranking asked for by title (ids skip this scan).
// param title: string — the paper's exact title
MATCH (p:Paper)
WHERE p.title = $title
RETURN p.id AS id
ORDER BY id
LIMIT 1
