"""The cooperative's storage: its tables, the schema, the unit of work."""
