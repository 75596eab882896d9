using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Portal.Core.Features.Webhooks;

namespace Portal.Tests.TestDoubles;

/// <summary>Sends events to the portal the way Zoom does: raw JSON body, timestamp and v0 signature headers.</summary>
public static class WebhookSender
{
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string secret, string body, DateTimeOffset? at = null, bool milliseconds = false)
    {
        var when = at ?? TimeProvider.System.GetUtcNow();
        var timestamp = (milliseconds ? when.ToUnixTimeMilliseconds() : when.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'));
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-zm-request-timestamp", timestamp);
        request.Headers.Add("x-zm-signature", WebhookSignature.Compute(secret, timestamp, bytes));
        return await http.SendAsync(request);
    }
}
