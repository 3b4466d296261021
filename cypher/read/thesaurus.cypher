// The thesaurus the store keeps, if any: its rows (tab-separated text, in file order) and the file they came from.
MATCH (t:Thesaurus)
RETURN t.rows AS rows, t.source AS source
