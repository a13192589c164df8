using System.Data.Common;

namespace LabApp.Core.Storage;

/// <summary>
/// The lab's tables in PostgreSQL, as numbered steps: a server starting applies each step after the version recorded in
/// <c>schema_version</c>, each in its transaction, under a session advisory lock, so two servers starting at once
/// migrate the database once and the second finds it done. A later version of the lab appends steps; it never edits one.
/// The tables and columns are those of the SQLite files, so the stores' SQL is the same for both; times are timestamptz.
/// </summary>
internal static class PostgresSchema
{
    // Any number of the lab's own, the same in every server: pg_advisory_lock takes one bigint.
    private const long MigrationLock = 0x4C61624170705347; // "LabAppSG"

    private static readonly string[] Steps =
    [
        """
        CREATE TABLE runs (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            time timestamptz NOT NULL,
            page text NOT NULL,
            method text NOT NULL,
            model text NOT NULL,
            kind text NOT NULL,
            parameters_json text NOT NULL,
            headline_json text,
            accuracy double precision,
            macro_f1 double precision,
            weighted_f1 double precision,
            test_reviews integer,
            seconds double precision NOT NULL,
            owner text NOT NULL DEFAULT '',
            identity text);
        CREATE INDEX runs_by_owner ON runs (owner, id);
        CREATE INDEX runs_by_identity ON runs (owner, identity) WHERE identity IS NOT NULL;

        CREATE TABLE pages (
            owner text NOT NULL,
            page text NOT NULL,
            state text NOT NULL,
            saved timestamptz NOT NULL,
            PRIMARY KEY (owner, page));
        CREATE TABLE students (
            owner text PRIMARY KEY,
            name text NOT NULL);
        CREATE TABLE hand_ins (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            owner text NOT NULL,
            name text NOT NULL,
            version integer NOT NULL,
            time timestamptz NOT NULL,
            markdown text NOT NULL);
        CREATE INDEX hand_ins_by_owner ON hand_ins (owner, version);

        -- rowid: SQLite's implicit order of insertion, made explicit, so one query orders the cases in both.
        CREATE TABLE class_cases (
            text_key text PRIMARY KEY,
            category text NOT NULL,
            text text NOT NULL,
            expected integer NOT NULL,
            added timestamptz NOT NULL,
            rowid bigint GENERATED ALWAYS AS IDENTITY);

        CREATE TABLE snapshots (
            id text PRIMARY KEY,
            json text NOT NULL,
            shared bigint NOT NULL);
        CREATE INDEX snapshots_shared ON snapshots (shared);

        CREATE TABLE answers (
            key_sha256 bytea PRIMARY KEY,
            answer text NOT NULL);

        CREATE TABLE data_protection_keys (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            friendly_name text,
            xml text NOT NULL);

        -- The page the instructor presents, one row at most: followers on every server read it when told it changed.
        CREATE TABLE presentation (
            id integer PRIMARY KEY CHECK (id = 1),
            route text NOT NULL,
            work text NOT NULL,
            version bigint NOT NULL);
        """,
    ];

    /// <summary>The version a database has once every step is applied.</summary>
    public static int Latest => Steps.Length;

    /// <summary>Applies the steps the database lacks; does nothing to a database that has them all.</summary>
    public static void Migrate(DbConnection connection)
    {
        using (var lockCommand = connection.Command("SELECT pg_advisory_lock(@lock)").With("lock", MigrationLock))
            lockCommand.ExecuteNonQuery();
        try
        {
            using (var create = connection.Command("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)"))
                create.ExecuteNonQuery();
            int version;
            using (var read = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version"))
                version = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (version > Latest)
                throw new StorageException($"The database's schema is version {version}, made by a newer lab than this one (which knows {Latest}): run the newer lab.", StorageProblem.Unusable);

            for (var step = version; step < Latest; step++)
            {
                using var transaction = connection.BeginTransaction();
                using (var apply = connection.Command(Steps[step], transaction))
                    apply.ExecuteNonQuery();
                using (var record = connection.Command("DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (@version)", transaction).With("version", step + 1))
                    record.ExecuteNonQuery();
                transaction.Commit();
            }
        }
        finally
        {
            using var unlock = connection.Command("SELECT pg_advisory_unlock(@lock)").With("lock", MigrationLock);
            unlock.ExecuteNonQuery();
        }
    }
}
