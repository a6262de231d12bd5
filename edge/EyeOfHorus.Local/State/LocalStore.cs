using System.Globalization;
using Microsoft.Data.Sqlite;

namespace EyeOfHorus.Local.State;

/// <summary>An alert that the cooldown accepted, as stored: the SNS alert document and where its snapshot is.</summary>
public sealed record StoredAlert(long Id, string Camera, string Event, string? Person, DateTimeOffset Time, string Text, string Document, string? SnapshotPath);

/// <summary>One photo of the faces folder as last judged: indexed (with its embedding) or rejected with a reason code.</summary>
public sealed record CachedFace(string ContentHash, string Engine, float[]? Embedding, string? Rejection, string? Detail);

/// <summary>A photo of the faces folder and what became of it (for <c>horus faces list --local</c> and the web console).</summary>
public sealed record PhotoStatus(string Person, string Photo, string ContentHash, string? Rejection, string? Detail, DateTimeOffset CheckedAt);

/// <summary>
/// The embedded database of <c>horus run</c> (SQLite, WAL, synchronous=FULL so a committed
/// transaction survives a kill -9 or power loss): the face cache by content hash, the photo
/// status list, the cooldown per (camera, subject), and the alert outbox. Accepting an alert is
/// one transaction: the cooldown claim, the alert and one pending delivery per sink are written
/// together or not at all, so a restart neither repeats an alert inside its cooldown nor loses
/// one that was accepted. One connection, serialised by a lock: the writes are small and few.
/// </summary>
public sealed class LocalStore : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;

    public const int SchemaVersion = 1;

    public LocalStore(string path, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        Path = path;
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        // A write waits at most 5 s for a lock held elsewhere (busy_timeout, and the driver's own retries): the
        // camera's analysis thread is the one waiting, and an alert that cannot be stored is still printed.
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 5 }.ToString());
        _db.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("PRAGMA busy_timeout=5000;");
        using (var check = _db.CreateCommand())
        {
            check.CommandText = "PRAGMA quick_check;";
            var result = check.ExecuteScalar() as string;
            if (result != "ok") throw new InvalidDataException($"The state database {path} is damaged ({result}). Move it away; horus run starts a new one.");
        }
        Execute("""
            CREATE TABLE IF NOT EXISTS face_cache(
              content_hash TEXT NOT NULL, engine TEXT NOT NULL, embedding BLOB, rejection TEXT, detail TEXT,
              PRIMARY KEY(content_hash, engine));
            CREATE TABLE IF NOT EXISTS photos(
              person TEXT NOT NULL, photo TEXT NOT NULL, content_hash TEXT NOT NULL, rejection TEXT, detail TEXT, checked_at INTEGER NOT NULL,
              PRIMARY KEY(person, photo));
            CREATE TABLE IF NOT EXISTS cooldown(key TEXT PRIMARY KEY, until_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS alerts(
              id INTEGER PRIMARY KEY AUTOINCREMENT, camera TEXT NOT NULL, event TEXT NOT NULL, person TEXT,
              time_ms INTEGER NOT NULL, text TEXT NOT NULL, document TEXT NOT NULL, snapshot TEXT);
            CREATE INDEX IF NOT EXISTS alerts_time ON alerts(time_ms);
            CREATE INDEX IF NOT EXISTS alerts_camera ON alerts(camera, id);
            CREATE INDEX IF NOT EXISTS alerts_event ON alerts(event, id);
            CREATE INDEX IF NOT EXISTS alerts_person ON alerts(person, id);
            CREATE TABLE IF NOT EXISTS deliveries(
              alert_id INTEGER NOT NULL REFERENCES alerts(id), sink TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending',
              attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, PRIMARY KEY(alert_id, sink));
            CREATE INDEX IF NOT EXISTS deliveries_pending ON deliveries(sink, state, alert_id);
            """);
        Execute($"PRAGMA user_version={SchemaVersion};");
    }

    public string Path { get; }

    // ---- face cache ----

    public CachedFace? FindFace(string contentHash, string engine)
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT embedding, rejection, detail FROM face_cache WHERE content_hash=$h AND engine=$e", ("$h", contentHash), ("$e", engine));
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            var embedding = r.IsDBNull(0) ? null : FromBlob((byte[])r[0]);
            return new CachedFace(contentHash, engine, embedding, r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2));
        }
    }

    public void SaveFace(CachedFace face)
    {
        ArgumentNullException.ThrowIfNull(face);
        lock (_lock)
        {
            using var cmd = Command("INSERT OR REPLACE INTO face_cache(content_hash, engine, embedding, rejection, detail) VALUES($h,$e,$b,$r,$d)",
                ("$h", face.ContentHash), ("$e", face.Engine), ("$b", face.Embedding is null ? null : ToBlob(face.Embedding)), ("$r", face.Rejection), ("$d", face.Detail));
            cmd.ExecuteNonQuery();
        }
    }

    // ---- photo status ----

    /// <summary>Replaces the photo list with the folder's current contents (one transaction).</summary>
    public void ReplacePhotos(IReadOnlyCollection<PhotoStatus> photos)
    {
        ArgumentNullException.ThrowIfNull(photos);
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            using (var clear = Command("DELETE FROM photos")) { clear.Transaction = tx; clear.ExecuteNonQuery(); }
            foreach (var p in photos)
            {
                using var cmd = Command("INSERT OR REPLACE INTO photos(person, photo, content_hash, rejection, detail, checked_at) VALUES($p,$f,$h,$r,$d,$t)",
                    ("$p", p.Person), ("$f", p.Photo), ("$h", p.ContentHash), ("$r", p.Rejection), ("$d", p.Detail), ("$t", p.CheckedAt.ToUnixTimeMilliseconds()));
                cmd.Transaction = tx;
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    public IReadOnlyList<PhotoStatus> Photos()
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT person, photo, content_hash, rejection, detail, checked_at FROM photos ORDER BY person, photo");
            using var r = cmd.ExecuteReader();
            var list = new List<PhotoStatus>();
            while (r.Read())
                list.Add(new PhotoStatus(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                    DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5))));
            return list;
        }
    }

    // ---- cooldown + outbox ----

    /// <summary>
    /// Accepts an alert unless its cooldown key is still cooling down at <paramref name="now"/>: in
    /// one transaction, claims the key until now + cooldown, stores the alert and queues one
    /// delivery per sink. Returns null when the cooldown refused it.
    /// </summary>
    public StoredAlert? TryAccept(string cooldownKey, TimeSpan cooldown, DateTimeOffset now, string camera, string @event, string? person,
        DateTimeOffset time, string text, string document, string? snapshotPath, IReadOnlyList<string> sinks)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            using (var claim = Command("""
                INSERT INTO cooldown(key, until_ms) VALUES($k, $u)
                ON CONFLICT(key) DO UPDATE SET until_ms = excluded.until_ms WHERE cooldown.until_ms <= $now
                """, ("$k", cooldownKey), ("$u", (now + cooldown).ToUnixTimeMilliseconds()), ("$now", now.ToUnixTimeMilliseconds())))
            {
                claim.Transaction = tx;
                if (claim.ExecuteNonQuery() == 0) return null; // still cooling down: the transaction rolls back on dispose
            }
            long id;
            using (var insert = Command("INSERT INTO alerts(camera, event, person, time_ms, text, document, snapshot) VALUES($c,$e,$p,$t,$x,$d,$s) RETURNING id",
                ("$c", camera), ("$e", @event), ("$p", person), ("$t", time.ToUnixTimeMilliseconds()), ("$x", text), ("$d", document), ("$s", snapshotPath)))
            {
                insert.Transaction = tx;
                id = (long)insert.ExecuteScalar()!;
            }
            foreach (var sink in sinks)
            {
                using var delivery = Command("INSERT INTO deliveries(alert_id, sink) VALUES($a,$s)", ("$a", id), ("$s", sink));
                delivery.Transaction = tx;
                delivery.ExecuteNonQuery();
            }
            tx.Commit();
            return new StoredAlert(id, camera, @event, person, time, text, document, snapshotPath);
        }
    }

    /// <summary>The oldest alerts still waiting for <paramref name="sink"/>, oldest first.</summary>
    public IReadOnlyList<StoredAlert> Pending(string sink, int limit)
    {
        lock (_lock)
        {
            using var cmd = Command($"""
                SELECT {AlertColumns} FROM deliveries d JOIN alerts a ON a.id = d.alert_id
                WHERE d.sink=$s AND d.state='pending' ORDER BY a.id LIMIT $n
                """, ("$s", sink), ("$n", limit));
            return ReadAlerts(cmd);
        }
    }

    public int PendingCount(string sink)
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT COUNT(*) FROM deliveries WHERE sink=$s AND state='pending'", ("$s", sink));
            return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Marks one delivery done (<c>delivered</c>), given up (<c>failed</c>, e.g. the receiver refused it) or <c>dropped</c> (queue full).</summary>
    public void SetDelivery(long alertId, string sink, string state, string? error = null)
    {
        lock (_lock)
        {
            using var cmd = Command("UPDATE deliveries SET state=$st, attempts=attempts+1, last_error=$err WHERE alert_id=$a AND sink=$s",
                ("$st", state), ("$err", error), ("$a", alertId), ("$s", sink));
            cmd.ExecuteNonQuery();
        }
    }

    public void RecordAttempt(long alertId, string sink, string error)
    {
        lock (_lock)
        {
            using var cmd = Command("UPDATE deliveries SET attempts=attempts+1, last_error=$err WHERE alert_id=$a AND sink=$s", ("$err", error), ("$a", alertId), ("$s", sink));
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Keeps at most <paramref name="capacity"/> pending deliveries for a sink: the oldest beyond that are marked dropped. Returns how many.</summary>
    public int TrimPending(string sink, int capacity)
    {
        lock (_lock)
        {
            using var cmd = Command("""
                UPDATE deliveries SET state='dropped', last_error='queue full'
                WHERE sink=$s AND state='pending' AND alert_id IN (
                  SELECT alert_id FROM deliveries WHERE sink=$s AND state='pending' ORDER BY alert_id DESC LIMIT -1 OFFSET $c)
                """, ("$s", sink), ("$c", capacity));
            return cmd.ExecuteNonQuery();
        }
    }

    public IReadOnlyDictionary<string, int> DeliveryCounts(string sink)
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT state, COUNT(*) FROM deliveries WHERE sink=$s GROUP BY state", ("$s", sink));
            using var r = cmd.ExecuteReader();
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            while (r.Read()) counts[r.GetString(0)] = r.GetInt32(1);
            return counts;
        }
    }

    /// <summary>
    /// The alert timeline, newest first (for the web console and tests): a page of at most
    /// <paramref name="limit"/> alerts older than <paramref name="beforeId"/>, filtered by camera,
    /// event and person (each null: any). Only the filters given are in the statement, so SQLite
    /// seeks the filter's index (column, id) to the page instead of walking the timeline: a page
    /// costs about the same with 100 or 100,000 alerts, however rare the person or deep the page.
    /// </summary>
    public IReadOnlyList<StoredAlert> Alerts(int limit = 100, long? beforeId = null, string? camera = null, string? @event = null, string? person = null)
    {
        var (sql, parameters) = AlertsQuery(limit, beforeId, camera, @event, person);
        lock (_lock)
        {
            using var cmd = Command(sql, parameters);
            return ReadAlerts(cmd);
        }
    }

    /// <summary>SQLite's plan for <see cref="Alerts"/> with these filters (EXPLAIN QUERY PLAN, its steps joined by "; ").</summary>
    internal string AlertsPlan(long? beforeId = null, string? camera = null, string? @event = null, string? person = null)
    {
        var (sql, parameters) = AlertsQuery(50, beforeId, camera, @event, person);
        lock (_lock)
        {
            using var cmd = Command("EXPLAIN QUERY PLAN " + sql, parameters);
            using var r = cmd.ExecuteReader();
            var steps = new List<string>();
            while (r.Read()) steps.Add(r.GetString(3));
            return string.Join("; ", steps);
        }
    }

    // "$x IS NULL OR column = $x" would keep one statement for every filter, but SQLite cannot seek an
    // index through it and scans the whole table from the newest alert for a rare filter.
    private static (string Sql, (string Name, object? Value)[] Parameters) AlertsQuery(int limit, long? beforeId, string? camera, string? @event, string? person)
    {
        var where = new List<string>();
        var parameters = new List<(string Name, object? Value)> { ("$n", limit) };
        void Add(string condition, string name, object? value)
        {
            if (value is null) return;
            where.Add(condition);
            parameters.Add((name, value));
        }
        Add("a.id < $b", "$b", beforeId);
        Add("a.camera = $c", "$c", camera);
        Add("a.event = $e", "$e", @event);
        Add("a.person = $p", "$p", person);
        var filter = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        return ($"SELECT {AlertColumns} FROM alerts a {filter} ORDER BY a.id DESC LIMIT $n", [.. parameters]);
    }

    public StoredAlert? Alert(long id)
    {
        lock (_lock)
        {
            using var cmd = Command($"SELECT {AlertColumns} FROM alerts a WHERE a.id = $i", ("$i", id));
            return ReadAlerts(cmd).SingleOrDefault();
        }
    }

    /// <summary>The cameras, events and people the timeline holds, each sorted (the console's filters).</summary>
    public (IReadOnlyList<string> Cameras, IReadOnlyList<string> Events, IReadOnlyList<string> People) AlertFacets()
    {
        lock (_lock)
        {
            return (Distinct("camera"), Distinct("event"), Distinct("person"));
        }

        List<string> Distinct(string column)
        {
            // The column names are this method's own constants. SELECT DISTINCT would read the column's
            // whole index; this hops from each value to the next one with one index seek per value.
            using var cmd = Command($"""
                WITH RECURSIVE v(x) AS (
                  SELECT MIN({column}) FROM alerts
                  UNION ALL
                  SELECT (SELECT MIN({column}) FROM alerts WHERE {column} > v.x) FROM v WHERE v.x IS NOT NULL)
                SELECT x FROM v WHERE x IS NOT NULL
                """);
            using var r = cmd.ExecuteReader();
            var values = new List<string>();
            while (r.Read()) values.Add(r.GetString(0));
            return values;
        }
    }

    /// <summary>Snapshot paths no alert refers to any more once alerts older than <paramref name="before"/> lose theirs.</summary>
    public void ForgetSnapshotsBefore(DateTimeOffset before)
    {
        lock (_lock)
        {
            using var cmd = Command("UPDATE alerts SET snapshot=NULL WHERE time_ms < $t AND snapshot IS NOT NULL", ("$t", before.ToUnixTimeMilliseconds()));
            cmd.ExecuteNonQuery();
        }
    }

    private const string AlertColumns = "a.id, a.camera, a.event, a.person, a.time_ms, a.text, a.document, a.snapshot";

    private static List<StoredAlert> ReadAlerts(SqliteCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        var list = new List<StoredAlert>();
        while (r.Read())
            list.Add(new StoredAlert(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), r.GetString(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7)));
        return list;
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    private void Execute(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static byte[] ToBlob(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        Buffer.BlockCopy(vector, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private static float[] FromBlob(byte[] bytes)
    {
        var vector = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, vector, 0, vector.Length * sizeof(float));
        return vector;
    }

    public DateTimeOffset Now => _time.GetUtcNow();

    public void Dispose()
    {
        lock (_lock)
        {
            _db.Close();
            _db.Dispose();
        }
    }
}
