// The full-text index kg search reads for papers: titles, abstracts and the entities text (which holds the
// evidence sentences), English stemming. Run again it fails with "already indexed", which kg takes as done.
CALL db.idx.fulltext.createNodeIndex({label: 'Paper', language: 'english'}, 'title', 'abstract', 'entities')
