using EyeOfHorus.Local.State;

namespace EyeOfHorus.Local.Tests;

public class LocalStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static StoredAlert? Accept(LocalStore store, DateTimeOffset now, string key = "door|unknown", params string[] sinks) =>
        store.TryAccept(key, TimeSpan.FromMinutes(5), now, "door", "unknown_face", null, now, "line", "{\"event\":\"unknown_face\"}", null, sinks.Length == 0 ? ["webhook"] : sinks);

    [Fact]
    public void A_key_is_accepted_once_per_cooldown_and_again_after_it()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        Assert.NotNull(Accept(store, T0));
        Assert.Null(Accept(store, T0.AddMinutes(4.9)));
        Assert.NotNull(Accept(store, T0.AddMinutes(4.9), key: "door|person|obama"));
        Assert.NotNull(Accept(store, T0.AddMinutes(5)));
        Assert.Equal(3, store.Alerts().Count);
    }

    [Fact]
    public void A_refused_alert_leaves_no_row_and_no_delivery()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        Accept(store, T0);
        Accept(store, T0.AddSeconds(1));
        Assert.Single(store.Alerts());
        Assert.Equal(1, store.PendingCount("webhook"));
    }

    [Fact]
    public void Cooldown_and_pending_deliveries_survive_reopening_the_database()
    {
        using var dir = new TempFolder();
        using (var store = dir.OpenStore())
        {
            var a = Accept(store, T0, sinks: ["webhook", "mqtt"]);
            store.SetDelivery(a!.Id, "mqtt", "delivered");
        }
        using var reopened = dir.OpenStore();
        Assert.Null(Accept(reopened, T0.AddMinutes(1)));
        Assert.Single(reopened.Pending("webhook", 10));
        Assert.Empty(reopened.Pending("mqtt", 10));
    }

    [Fact]
    public void Trimming_keeps_the_newest_pending_deliveries()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        for (var i = 0; i < 5; i++) Accept(store, T0, key: $"door|person|p{i}");
        Assert.Equal(2, store.TrimPending("webhook", 3));
        var pending = store.Pending("webhook", 10).Select(a => a.Id).ToList();
        Assert.Equal([3L, 4L, 5L], pending);
        Assert.Equal(2, store.DeliveryCounts("webhook")["dropped"]);
    }

    [Fact]
    public void Face_cache_round_trips_embeddings_and_rejections_per_model()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        float[] embedding = [0.25f, -1.5f, 3.0f];
        store.SaveFace(new CachedFace("abc", "m1", embedding, null, null));
        store.SaveFace(new CachedFace("def", "m1", null, "no-face", "no face detected"));
        Assert.Equal(embedding, store.FindFace("abc", "m1")!.Embedding);
        Assert.Equal("no-face", store.FindFace("def", "m1")!.Rejection);
        Assert.Null(store.FindFace("abc", "m2"));
    }

    [Fact]
    public void A_damaged_database_is_named_not_silently_replaced()
    {
        using var dir = new TempFolder();
        using (var store = dir.OpenStore()) Accept(store, T0);
        var bytes = File.ReadAllBytes(dir.File("state.db"));
        File.WriteAllBytes(dir.File("state.db"), [.. bytes.Take(100), .. Enumerable.Repeat((byte)0x5A, bytes.Length - 100)]);
        foreach (var side in new[] { "state.db-wal", "state.db-shm" }) File.Delete(dir.File(side));
        var ex = Assert.ThrowsAny<Exception>(() => dir.OpenStore().Dispose());
        Assert.True(ex is InvalidDataException or Microsoft.Data.Sqlite.SqliteException, ex.ToString());
    }

    private static List<StoredAlert> Timeline(LocalStore store)
    {
        // 60 alerts over 2 cameras, both events, 3 people and strangers; no cooldown between them.
        var all = new List<StoredAlert>();
        string?[] people = ["obama", null, "biden", null, "alice"];
        for (var i = 0; i < 60; i++)
        {
            var camera = i % 2 == 0 ? "door" : "yard";
            var person = people[i % people.Length];
            var @event = person is null ? "unknown_face" : "person_recognised";
            all.Add(store.TryAccept($"k{i}", TimeSpan.Zero, T0, camera, @event, person, T0.AddSeconds(i), $"line {i}", "{}", null, [])!);
        }
        return all;
    }

    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData(null, "door", null, null)]
    [InlineData(null, null, "unknown_face", null)]
    [InlineData(null, null, null, "biden")]
    [InlineData(null, "yard", "person_recognised", null)]
    [InlineData(null, "door", null, "alice")]
    [InlineData(40L, null, null, null)]
    [InlineData(40L, "yard", null, null)]
    [InlineData(40L, null, null, "obama")]
    [InlineData(40L, "door", "person_recognised", "alice")]
    [InlineData(null, null, null, "nobody")]
    public void A_timeline_page_is_the_newest_alerts_older_than_before_that_match_every_filter_given(long? before, string? camera, string? @event, string? person)
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        var all = Timeline(store);
        var expected = all.Where(a => (before is null || a.Id < before) && (camera is null || a.Camera == camera) && (@event is null || a.Event == @event) && (person is null || a.Person == person))
            .OrderByDescending(a => a.Id).Take(7).Select(a => a.Id);
        Assert.Equal(expected, store.Alerts(7, before, camera, @event, person).Select(a => a.Id));
    }

    [Fact]
    public void A_filtered_or_deep_page_seeks_its_index_instead_of_walking_the_timeline()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        Assert.Contains("USING INDEX alerts_person (person=? AND id<?)", store.AlertsPlan(beforeId: 10, person: "biden"), StringComparison.Ordinal);
        Assert.Contains("USING INDEX alerts_person (person=?)", store.AlertsPlan(person: "biden"), StringComparison.Ordinal);
        Assert.Contains("USING INDEX alerts_camera (camera=?)", store.AlertsPlan(camera: "door"), StringComparison.Ordinal);
        Assert.Contains("USING INDEX alerts_event (event=?)", store.AlertsPlan(@event: "unknown_face"), StringComparison.Ordinal);
        Assert.Contains("USING INTEGER PRIMARY KEY (rowid<?)", store.AlertsPlan(beforeId: 10), StringComparison.Ordinal);
    }

    [Fact]
    public void The_facets_are_each_columns_distinct_values_sorted_without_the_strangers_null_person()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        Assert.Equal((0, 0, 0), (store.AlertFacets().Cameras.Count, store.AlertFacets().Events.Count, store.AlertFacets().People.Count));
        Timeline(store);
        var (cameras, events, people) = store.AlertFacets();
        Assert.Equal(["door", "yard"], cameras);
        Assert.Equal(["person_recognised", "unknown_face"], events);
        Assert.Equal(["alice", "biden", "obama"], people);
    }

    [Fact]
    public void The_cooldown_refuses_until_its_last_millisecond_and_a_new_claim_starts_a_new_one()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        Assert.NotNull(Accept(store, T0));
        Assert.Null(Accept(store, T0.AddMinutes(5).AddMilliseconds(-1)));
        Assert.NotNull(Accept(store, T0.AddMinutes(5)));
        Assert.Null(Accept(store, T0.AddMinutes(10).AddMilliseconds(-1))); // claimed again until 10 min, not 5
        Assert.NotNull(Accept(store, T0.AddMinutes(10)));
        // A refusal does not extend the claim.
        Assert.Null(Accept(store, T0.AddMinutes(14)));
        Assert.NotNull(Accept(store, T0.AddMinutes(15)));
    }

    [Fact]
    public void An_accepted_alert_is_stored_whole_and_queued_once_per_sink()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        var at = T0.AddMilliseconds(455);
        var alert = store.TryAccept("door|person|obama", TimeSpan.FromMinutes(5), T0, "door", "person_recognised", "obama", at, "the line", "{\"event\":\"person_recognised\"}",
            "/snapshots/door/a.jpg", ["webhook", "mqtt"])!;
        var expected = new StoredAlert(1, "door", "person_recognised", "obama", at, "the line", "{\"event\":\"person_recognised\"}", "/snapshots/door/a.jpg");
        Assert.Equal(expected, alert);
        Assert.Equal(expected, store.Alert(1));
        Assert.Null(store.Alert(2));
        Assert.Equal([expected], store.Pending("webhook", 10));
        Assert.Equal([expected], store.Pending("mqtt", 10));
        Assert.Empty(store.Pending("console", 10));
        Assert.Equal((1, 1, 0), (store.PendingCount("webhook"), store.PendingCount("mqtt"), store.PendingCount("console")));
        Assert.Equal((0L, (string?)null, "pending"), DeliveryRow.Read(store, 1, "webhook"));
        Assert.Equal(new Dictionary<string, int> { ["pending"] = 1 }, store.DeliveryCounts("mqtt"));
    }

    [Fact]
    public void Attempts_and_outcomes_are_counted_per_delivery_and_only_pending_ones_are_waiting()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        for (var i = 0; i < 4; i++) Accept(store, T0, key: $"k{i}", sinks: ["webhook", "mqtt"]);
        store.RecordAttempt(1, "webhook", "HTTP 503");
        store.RecordAttempt(1, "webhook", "no answer within 10 s");
        Assert.Equal((2L, "no answer within 10 s", "pending"), DeliveryRow.Read(store, 1, "webhook"));
        store.SetDelivery(1, "webhook", "delivered");
        Assert.Equal((3L, (string?)null, "delivered"), DeliveryRow.Read(store, 1, "webhook"));
        store.SetDelivery(2, "webhook", "failed", "HTTP 400");
        Assert.Equal((1L, "HTTP 400", "failed"), DeliveryRow.Read(store, 2, "webhook"));
        Assert.Equal((0L, (string?)null, "pending"), DeliveryRow.Read(store, 1, "mqtt")); // the other sink's delivery is its own

        Assert.Equal([3L, 4L], store.Pending("webhook", 10).Select(a => a.Id));
        Assert.Equal([1L, 2L], store.Pending("mqtt", 2).Select(a => a.Id)); // oldest first, at most the limit
        Assert.Equal((2, 4), (store.PendingCount("webhook"), store.PendingCount("mqtt")));
        Assert.Equal(new Dictionary<string, int> { ["delivered"] = 1, ["failed"] = 1, ["pending"] = 2 }, store.DeliveryCounts("webhook"));
        Assert.Empty(store.DeliveryCounts("console"));

        Assert.Equal(0, store.TrimPending("webhook", 2)); // exactly at capacity
        Assert.Equal(1, store.TrimPending("webhook", 1));
        Assert.Equal((0L, "queue full", "dropped"), DeliveryRow.Read(store, 3, "webhook")); // dropped unsent: no attempt
        Assert.Equal(4, store.PendingCount("mqtt"));
    }

    [Fact]
    public void The_photo_list_is_replaced_whole_and_read_in_person_then_photo_order()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        var at = T0.AddMilliseconds(123);
        store.ReplacePhotos([new("obama", "old.jpg", "h0", null, null, at)]);
        PhotoStatus[] photos =
        [
            new("obama", "b.jpg", "h2", null, null, at),
            new("alice", "z.jpg", "h3", "no-face", "no face in the photo", at.AddSeconds(1)),
            new("obama", "a.jpg", "h1", null, null, at),
        ];
        store.ReplacePhotos(photos);
        Assert.Equal([photos[1], photos[2], photos[0]], store.Photos());
        store.ReplacePhotos([]);
        Assert.Empty(store.Photos());
    }

    [Fact]
    public void Alerts_before_a_time_forget_their_snapshots_and_keep_the_rest()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        for (var i = 0; i < 3; i++)
            store.TryAccept($"k{i}", TimeSpan.Zero, T0, "door", "unknown_face", null, T0.AddSeconds(i), "line", "{}", $"/s/{i}.jpg", []);
        store.ForgetSnapshotsBefore(T0.AddSeconds(1));
        Assert.Equal([(3L, "/s/2.jpg"), (2L, "/s/1.jpg"), (1L, (string?)null)], store.Alerts().Select(a => (a.Id, a.SnapshotPath)));
        Assert.Equal("line", store.Alert(1)!.Text); // the alert itself stays
    }

    [Fact]
    public void A_new_database_is_made_in_a_new_folder_in_wal_mode_with_the_schema_version()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "a", "b", "state.db");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0);
        using var store = new LocalStore(path, time);
        Assert.Equal(path, store.Path);
        Assert.Equal(T0, store.Now);
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", cmd.ExecuteScalar());
        cmd.CommandText = "PRAGMA user_version;";
        Assert.Equal((long)LocalStore.SchemaVersion, cmd.ExecuteScalar());
        Assert.Equal(1, LocalStore.SchemaVersion);
    }
}
