// One paper with a stored vector, if any: whether kg build --vectors ran on this store.
MATCH (p:Paper)
WHERE p.embedding IS NOT NULL
RETURN p.id AS id
LIMIT 1
