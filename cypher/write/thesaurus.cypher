// Keep the user's thesaurus in the store, so every later build applies it again (kg curate, kg build --thesaurus).
// One :Thesaurus node, replaced whole: the file given last is the thesaurus; an empty one removes it.
// param rows: list — the rows as tab-separated text (FROM<TAB>TO, ignore<TAB>NAME), in file order
// param source: string — the file they were read from
MERGE (t:Thesaurus {id: 'thesaurus'})
SET t.rows = $rows, t.source = $source
