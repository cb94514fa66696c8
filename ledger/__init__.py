"""Generic double-entry books: exact money, vouchers, balances, checks, the hash chain.

Knows nothing of cooperatives. Pure modules here import no SQLAlchemy, click,
environment or clock; only ``ledger.store`` touches a database.
"""
