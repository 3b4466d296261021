"""The stored graph in other tools' formats: GraphML, GEXF, node-link JSON, and neo4j-admin import files."""
