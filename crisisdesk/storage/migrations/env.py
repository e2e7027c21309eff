"""Alembic environment: runs on the connection CrisisDesk hands it."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from crisisdesk.storage.schema import Base
from crisisdesk.storage.search import is_search_object

config = context.config
target_metadata = Base.metadata


def run() -> None:
    """Run migrations online, on the given connection or a new engine."""
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as conn:
            _run_on(conn)
        return
    _run_on(connection)


def _run_on(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        # The search index's tables live in migrations only; autogenerate must not drop them.
        include_name=lambda name, type_, parent: not is_search_object(name),
    )
    with context.begin_transaction():
        context.run_migrations()


run()
