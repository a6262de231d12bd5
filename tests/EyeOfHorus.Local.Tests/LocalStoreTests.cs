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
}
