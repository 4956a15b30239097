"""Alembic environment: runs the migrations on the connection the caller hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from inventory_core.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Migrate the connection given in ``config.attributes`` (or the configured URL)."""
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as conn:
            _run(conn)
        engine.dispose()
    else:
        _run(connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
