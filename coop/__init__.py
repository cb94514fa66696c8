"""The cooperative: charter, members, land as equity, base payments, distribution.

Imports ``ledger``; never the reverse, and never ``cli``.
"""

from pathlib import Path as _Path

from ledger.i18n import add_catalog as _add_catalog

# The catalog of every message a person reads (ledger's, coop's and the command line's).
_add_catalog(_Path(__file__).parent / "locale")
