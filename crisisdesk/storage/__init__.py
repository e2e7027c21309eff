"""Storage: the database engine, schema, migrations, queries and search index."""
