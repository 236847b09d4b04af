"""The full-text index over the search entries' terms, in each back end's own form, and the index's version.

SQLite: an FTS5 table over ``title_terms`` and ``terms`` (external content: the terms are stored once,
in portal_searchentry), tokenised by FTS5's ``ascii`` tokenizer, which splits on ASCII spaces and
punctuation only (the terms are already folded: custodiet.portal.text), kept in step by triggers on
every insert, update and delete. PostgreSQL: stored generated ``tsvector`` columns of the same terms
under the ``simple`` configuration (no stemming: the terms are stems already), one for the title and
text and one for the title, each with a GIN index.

``portal_indexversion`` holds one number that the same triggers add one to on every change of an entry
(a TRUNCATE too, on PostgreSQL): custodiet.portal.fulltext reloads its table of facets when it changes.
It is not a model, so that emptying the models' tables (tests) keeps it.
"""

from django.db import migrations

BUMP_SQLITE = "UPDATE portal_indexversion SET version = version + 1;"
SQLITE = [
    "CREATE TABLE portal_indexversion (version integer NOT NULL)",
    "INSERT INTO portal_indexversion (version) VALUES (0)",
    "CREATE VIRTUAL TABLE portal_search_fts USING fts5(title_terms, terms, content='portal_searchentry', "
    "content_rowid='id', tokenize='ascii')",
    "CREATE TRIGGER portal_searchentry_fts_insert AFTER INSERT ON portal_searchentry BEGIN "
    "INSERT INTO portal_search_fts(rowid, title_terms, terms) VALUES (new.id, new.title_terms, new.terms); "
    f"{BUMP_SQLITE} END",
    "CREATE TRIGGER portal_searchentry_fts_delete AFTER DELETE ON portal_searchentry BEGIN "
    "INSERT INTO portal_search_fts(portal_search_fts, rowid, title_terms, terms) "
    f"VALUES ('delete', old.id, old.title_terms, old.terms); {BUMP_SQLITE} END",
    "CREATE TRIGGER portal_searchentry_fts_update AFTER UPDATE ON portal_searchentry BEGIN "
    "INSERT INTO portal_search_fts(portal_search_fts, rowid, title_terms, terms) "
    "VALUES ('delete', old.id, old.title_terms, old.terms); "
    "INSERT INTO portal_search_fts(rowid, title_terms, terms) VALUES (new.id, new.title_terms, new.terms); "
    f"{BUMP_SQLITE} END",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS portal_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS portal_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS portal_searchentry_fts_insert",
    "DROP TABLE IF EXISTS portal_search_fts",
    "DROP TABLE IF EXISTS portal_indexversion",
]
POSTGRESQL = [
    "CREATE TABLE portal_indexversion (version bigint NOT NULL)",
    "INSERT INTO portal_indexversion (version) VALUES (0)",
    "ALTER TABLE portal_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title_terms), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, terms), 'B')) STORED",
    "ALTER TABLE portal_searchentry ADD COLUMN title_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple'::regconfig, title_terms)) STORED",
    "CREATE INDEX portal_searchentry_vector ON portal_searchentry USING gin (search_vector)",
    "CREATE INDEX portal_searchentry_title_vector ON portal_searchentry USING gin (title_vector)",
    "CREATE FUNCTION portal_index_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE portal_indexversion SET version = version + 1; RETURN NULL; END $$",
    "CREATE TRIGGER portal_searchentry_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
    "ON portal_searchentry FOR EACH STATEMENT EXECUTE FUNCTION portal_index_changed()",
]
POSTGRESQL_UNDO = [
    "DROP TRIGGER IF EXISTS portal_searchentry_version ON portal_searchentry",
    "DROP FUNCTION IF EXISTS portal_index_changed()",
    "DROP INDEX IF EXISTS portal_searchentry_title_vector",
    "DROP INDEX IF EXISTS portal_searchentry_vector",
    "ALTER TABLE portal_searchentry DROP COLUMN IF EXISTS title_vector",
    "ALTER TABLE portal_searchentry DROP COLUMN IF EXISTS search_vector",
    "DROP TABLE IF EXISTS portal_indexversion",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_published_timelines_and_search_entries")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_UNDO, "postgresql": POSTGRESQL_UNDO}),
        )
    ]
