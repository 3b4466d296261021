// One paper by id: what its page shows first (a title is turned into its id first: paper_by_title).
// param paper: string — the paper's id (an id is found by the index; WHERE id OR title read every paper)
MATCH (p:Paper {id: $paper})
RETURN p.id AS id, p.title AS title, p.year AS year, p.date AS date, p.abstract AS abstract, p.authors AS authors,
       p.doi AS doi, p.arxiv_id AS arxiv_id, p.stub AS stub, p.source AS source
