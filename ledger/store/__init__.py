"""The only ledger code that imports SQLAlchemy: tables, guards, engine, repository."""
