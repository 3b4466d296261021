// The vector index of paper vectors (MiniLM, 384 dimensions, cosine), made by kg build --vectors; safe to repeat.
CREATE VECTOR INDEX paper_embedding IF NOT EXISTS FOR (p:Paper) ON (p.embedding)
OPTIONS {indexConfig: {`vector.dimensions`: 384, `vector.similarity_function`: 'cosine'}}
