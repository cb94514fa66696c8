"""Column types that are exact on both SQLite (STRICT tables) and PostgreSQL.

Money and areas are 64-bit integers (``BIGINT`` on PostgreSQL, ``INTEGER`` in a
STRICT SQLite table, which refuses anything but an integer). Dates are ISO
``YYYY-MM-DD`` text, which sorts and compares correctly on both.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

Int64 = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Text = sa.Text()
Bytes = sa.LargeBinary()

TABLE_ARGS: dict[str, Any] = {"sqlite_strict": True}
