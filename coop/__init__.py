"""The cooperative: charter, members, land as equity, base payments, distribution.

Imports ``ledger``; never the reverse, and never ``cli``.
"""
