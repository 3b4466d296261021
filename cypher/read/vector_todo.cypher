// How many papers (not stubs) have no stored vector yet.
MATCH (p:Paper)
WHERE p.stub = false AND p.embedding IS NULL
RETURN count(p) AS papers
