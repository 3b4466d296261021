"""From resolved mentions to the graph: one concept per idea (resolve), paper-to-paper links (links), and the
networkx graph of papers and concepts they make (in_memory), whose entity names the store's writer reads."""
