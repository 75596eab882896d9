namespace Portal.Core.Zoom;

/// <summary>What travels with each Zoom HttpRequestMessage (in its Options), read by the handlers and the pipeline.</summary>
internal static class ZoomRequest
{
    public static readonly HttpRequestOptionsKey<ZoomTarget> Target = new("Zoom.Target");
    public static readonly HttpRequestOptionsKey<ZoomRateCategory> Category = new("Zoom.Category");

    public const string ApiClient = "Zoom.Api";
    public const string DownloadClient = "Zoom.Download";
    public const string OAuthClient = "Zoom.OAuth";

    public static ZoomTarget? GetTarget(this HttpRequestMessage request) =>
        request.Options.TryGetValue(Target, out var target) ? target : null;

    public static ZoomRateCategory? GetCategory(this HttpRequestMessage request) =>
        request.Options.TryGetValue(Category, out var category) ? category : null;

    public static bool IsIdempotent(this HttpRequestMessage request) =>
        request.Method == HttpMethod.Get || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete
        || request.Method == HttpMethod.Patch || request.Method == HttpMethod.Head;
}
