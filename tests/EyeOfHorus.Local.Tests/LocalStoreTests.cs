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
}
