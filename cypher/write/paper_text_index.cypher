// The full-text index kg search reads for papers: titles, abstracts and the entities text (which holds the
// evidence sentences), English analyser; safe to repeat.
CREATE FULLTEXT INDEX paper_text IF NOT EXISTS FOR (p:Paper) ON EACH [p.title, p.abstract, p.entities]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}}
