// Remove the stored thesaurus (kg curate with a file of no rows): later builds resolve concepts as extracted.
MATCH (t:Thesaurus)
DETACH DELETE t
