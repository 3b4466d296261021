// One paper by id or exact title: what its page shows first.
// param paper: string — the paper's id, or its exact title
MATCH (p:Paper)
WHERE p.id = $paper OR p.title = $paper
RETURN p.id AS id, p.title AS title, p.year AS year, p.date AS date, p.abstract AS abstract, p.authors AS authors,
       p.doi AS doi, p.arxiv_id AS arxiv_id, p.stub AS stub, p.source AS source
ORDER BY id
LIMIT 2
