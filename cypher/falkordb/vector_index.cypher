// The vector index of paper vectors (MiniLM, 384 dimensions, cosine), made by kg build --vectors. FalkorDB's own
// OPTIONS, which Neo4j's analyser refuses (the lint test knows). Run again it fails with "already indexed".
CREATE VECTOR INDEX FOR (p:Paper) ON (p.embedding) OPTIONS {dimension: 384, similarityFunction: 'cosine'}
