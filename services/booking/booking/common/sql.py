"""Hand-written SQL for the hot path's few queries (issue 12): the ORM took longer to
build them than the database took to answer (bench/holds/profiles/README.md).

Each value is prepared by the model field it is compared with, as the ORM would, so the
statements run on PostgreSQL and on the SQLite default alike:

    rows(
        "SELECT 1 FROM {table} WHERE staff_id = %s AND blocked_start < %s LIMIT 1",
        Reservation,
        ("staff", staff_id),
        ("blocked_start", end),
    )
"""

from typing import Any

from django.db import connection
from django.db.models import Model


def db_value(model: type[Model], name: str, value: Any) -> Any:
    """The value as the field `name` of `model` sends it to this database."""
    return model._meta.get_field(name).get_db_prep_value(value, connection)


def placeholders(count: int) -> str:
    """`%s, %s, ...` for an IN list of `count` values."""
    return ", ".join(["%s"] * count)


def rows(sql: str, model: type[Model], *values: tuple[str, Any]) -> list[tuple]:
    """Runs `sql` ({table} is the model's table) with each (field name, value) prepared by
    that field; a list value stands for as many parameters."""
    params: list[Any] = []
    for name, value in values:
        if isinstance(value, list):
            params.extend(db_value(model, name, item) for item in value)
        else:
            params.append(db_value(model, name, value))
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=connection.ops.quote_name(model._meta.db_table)), params)
        return cursor.fetchall()
