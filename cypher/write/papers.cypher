// Create or update papers, one row per paper; re-running with the same rows changes nothing.
// param rows: list — maps with id, title, abstract, date, year, month, authors, source
UNWIND $rows AS row
MERGE (p:Paper {id: row.id})
SET p.title = row.title,
    p.abstract = row.abstract,
    p.date = row.date,
    p.year = row.year,
    p.month = row.month,
    p.authors = row.authors,
    p.source = row.source
