namespace EyeOfHorus.Local.Tests;

public class CameraCountersTests
{
    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        double[] ms = [40, 10, 30, 20, 50, 60, 70, 80, 90, 100];
        Assert.Equal(50, CameraCounters.Percentile(ms, 50));
        Assert.Equal(100, CameraCounters.Percentile(ms, 95));
        Assert.Equal(10, CameraCounters.Percentile(ms, 0));
        Assert.Equal(7, CameraCounters.Percentile([7], 50));
        Assert.Null(CameraCounters.Percentile([], 50));
    }
}
