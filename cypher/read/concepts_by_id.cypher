// Concepts by id, with name, type and papers: what an abstract's mentions resolve to in the corpus.
// param ids: list — concept ids
UNWIND $ids AS cid
MATCH (c:Concept {id: cid})
RETURN c.id AS id, c.name AS name, [l IN labels(c) WHERE l <> 'Concept'][0] AS type, c.papers AS papers
