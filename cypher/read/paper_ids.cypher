// The id of every paper a store holds (not stubs), so a build can read them back a page at a time.
MATCH (p:Paper)
WHERE p.stub = false
RETURN p.id AS id
ORDER BY id
