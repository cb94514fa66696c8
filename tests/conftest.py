"""Shared fixtures: the two backends, a CLI driver, hypothesis profiles.

PostgreSQL tests share one server and one database made for this test run (dropped
at the end); each test gets its own cooperative in it, keyed by code, as a county
platform would keep them. Without a reachable server they skip with the reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from cli.main import run

settings.register_profile(
    "ci", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Caches the code would keep in the user's home go to a temporary folder: the PDF
    font subset (``$XDG_CACHE_HOME/coop``, else ``~/.cache/coop``; coop/render/pdf.py).
    Set in the environment, so the commands tests run as subprocesses use it too."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


PG_ADMIN = os.environ.get("COOP_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
_pg_reason: str | None = None


def _pg_ok() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return None
    except Exception as exc:  # any failure to reach the server means: skip
        return f"no PostgreSQL server reachable at {PG_ADMIN}: {str(exc).splitlines()[0]}"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    reason = _pg_ok()
    if reason:
        pytest.skip(reason)
    import psycopg

    name = f"coop_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0]
    url = f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    yield url
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> object:
        import json

        return json.loads(self.out)


class Coop:
    """Drives the real command line in-process against one cooperative."""

    def __init__(self, db: str, code: str, backend: str) -> None:
        self.db, self.code, self.backend = db, code, backend
        self.runner = CliRunner()

    def __call__(self, *args: str, lang: str | None = None) -> Result:
        argv = ["--db", self.db, "--coop", self.code, "--user", "tester"]
        if lang:
            argv += ["--lang", lang]
        argv += list(args)
        with self.runner.isolation() as (out, err, _mixed):
            code = run(argv)
        return Result(code, out.getvalue().decode("utf-8-sig"), err.getvalue().decode())

    def ok(self, *args: str, lang: str | None = None) -> Result:
        r = self(*args, lang=lang)
        assert r.code == 0, f"coop {' '.join(args)} failed ({r.code}): {r.err}{r.out}"
        return r

    def init(self, *extra: str) -> Coop:
        """``coop init``; the books begin in 2000 unless ``extra`` says otherwise (the tests
        post from 2010 on, and ``init`` alone would begin them this year)."""
        first = [] if "--first-year" in extra else ["--first-year", "2000"]
        self.ok("init", "--name", "测试合作社", "--code", self.code, *first, *extra)
        return self


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_coop(
    backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> object:
    def make() -> Coop:
        code = "T" + uuid.uuid4().hex[:8].upper()
        if backend == "pg":
            db = request.getfixturevalue("pg_url")
        else:
            db = str(tmp_path_factory.mktemp("db") / "coop.db")
        return Coop(db, code, backend)

    return make


@pytest.fixture
def empty_coop(
    backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Coop:
    """A cooperative code in a database of its own with nothing in it (the demo is built
    only into an empty database): a new SQLite file, or a new PostgreSQL database on the
    test server, dropped at the end."""
    code = "T" + uuid.uuid4().hex[:8].upper()
    if backend != "pg":
        return Coop(str(tmp_path_factory.mktemp("db") / "coop.db"), code, backend)
    import psycopg

    url: str = request.getfixturevalue("pg_url")
    admin = url.replace("postgresql+psycopg://", "postgresql://")
    base, name = admin.rsplit("/", 1)
    fresh = f"{name}_{code.lower()}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{fresh}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')

    request.addfinalizer(drop)
    return Coop(f"{base}/{fresh}".replace("postgresql://", "postgresql+psycopg://"), code, backend)


@pytest.fixture
def coop(make_coop: object) -> Coop:
    assert callable(make_coop)
    c: Coop = make_coop()
    return c.init()
