"""Database features that only PostgreSQL has, and how the SQLite default does without."""

from django.db.migrations.operations import AddConstraint


class PostgresOnlyAddConstraint(AddConstraint):
    """Adds a constraint on PostgreSQL and skips it elsewhere.

    Exclusion constraints exist only in PostgreSQL; the embedded SQLite default
    serialises writers with immediate transactions instead (see settings).
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
