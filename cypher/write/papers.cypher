// Create or update papers, one row per paper; re-running with the same rows changes nothing.
// A stub written earlier for a cited work with this id becomes the full paper.
// param rows: list — maps with id, title, abstract, date, year, month, authors, source, doi, arxiv_id, external_id
UNWIND $rows AS row
MERGE (p:Paper {id: row.id})
SET p.title = row.title,
    p.abstract = row.abstract,
    p.date = row.date,
    p.year = row.year,
    p.month = row.month,
    p.authors = row.authors,
    p.source = row.source,
    p.doi = row.doi,
    p.arxiv_id = row.arxiv_id,
    p.external_id = row.external_id,
    p.stub = false
