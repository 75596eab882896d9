namespace Portal.Core.Zoom;

/// <summary>Zoom calls made today per connection key (recorded by the client's transport), for health pages and benchmarks.</summary>
public interface IZoomCallStatistics
{
    /// <summary>Today's counts for a connection key; all zero for a key that made no call today.</summary>
    ZoomCallStats Get(string targetKey);
}
