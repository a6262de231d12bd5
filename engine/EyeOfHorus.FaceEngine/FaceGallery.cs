namespace EyeOfHorus.FaceEngine;

/// <summary>One gallery hit: the face's id, its distance and similarity (0-100) to the probe.</summary>
public sealed record GalleryMatch(string FaceId, float Distance, float Similarity);

/// <summary>
/// Known faces by id, searched exhaustively (10,000 faces is 1.3 M floats: well under a
/// millisecond, README). Thread-safe.
/// </summary>
public sealed class FaceGallery
{
    private readonly Lock _lock = new();
    private readonly List<string> _ids = [];
    private float[] _vectors = new float[FaceEmbedder.Dimensions * 64];

    public int Count { get { lock (_lock) return _ids.Count; } }

    /// <summary>Adds a face, or replaces the embedding of an id already there.</summary>
    public void Add(string faceId, ReadOnlySpan<float> embedding)
    {
        if (embedding.Length != FaceEmbedder.Dimensions) throw new ArgumentException($"an embedding has {FaceEmbedder.Dimensions} values, not {embedding.Length}");
        lock (_lock)
        {
            var index = _ids.IndexOf(faceId);
            if (index < 0)
            {
                index = _ids.Count;
                _ids.Add(faceId);
                if (_vectors.Length < _ids.Count * FaceEmbedder.Dimensions) Array.Resize(ref _vectors, _vectors.Length * 2);
            }
            embedding.CopyTo(_vectors.AsSpan(index * FaceEmbedder.Dimensions));
        }
    }

    public bool Remove(string faceId)
    {
        lock (_lock)
        {
            var index = _ids.IndexOf(faceId);
            if (index < 0) return false;
            var last = _ids.Count - 1;
            _vectors.AsSpan(last * FaceEmbedder.Dimensions, FaceEmbedder.Dimensions).CopyTo(_vectors.AsSpan(index * FaceEmbedder.Dimensions));
            _ids[index] = _ids[last];
            _ids.RemoveAt(last);
            return true;
        }
    }

    /// <summary>The closest faces (at most <paramref name="maxResults"/>, at least 1) with similarity at least
    /// <paramref name="minSimilarity"/>, closest first; equally close ones in the order they were added.</summary>
    public IReadOnlyList<GalleryMatch> Search(ReadOnlySpan<float> probe, int maxResults, float minSimilarity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        var maxDistance = FaceDistance.ToDistance(minSimilarity);
        var best = new List<(float Distance, int Index)>(maxResults + 1);
        lock (_lock)
        {
            for (var i = 0; i < _ids.Count; i++)
            {
                var d = FaceDistance.Euclidean(probe, _vectors.AsSpan(i * FaceEmbedder.Dimensions, FaceEmbedder.Dimensions));
                if (d > maxDistance || (best.Count == maxResults && d >= best[^1].Distance)) continue;
                // Add/Insert rather than Insert(at < 0 ? best.Count : at): Stryker's Count -> Sum mutant inside the
                // conditional does not compile, and its safe mode then dropped every mutant of Search
                var at = best.FindIndex(b => b.Distance > d);
                if (at < 0) best.Add((d, i));
                else best.Insert(at, (d, i));
                if (best.Count > maxResults) best.RemoveAt(maxResults);
            }
            return best.Select(b => new GalleryMatch(_ids[b.Index], b.Distance, FaceDistance.ToSimilarity(b.Distance))).ToList();
        }
    }
}
