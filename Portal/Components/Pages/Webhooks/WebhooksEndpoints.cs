using Portal.Core.Features.Webhooks;

namespace Portal.Components.Pages.Webhooks;

public static class WebhooksEndpoints
{
    /// <summary>Zoom's event bodies are small; anything larger is refused unread.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static void MapWebhooksEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/zoom/webhooks").AllowAnonymous().DisableAntiforgery();
        group.MapPost("/app", (HttpContext http, IWebhookReceiver receiver, CancellationToken ct) => ReceiveAsync(http, receiver, null, ct));
        group.MapPost("/{connection}", (HttpContext http, IWebhookReceiver receiver, string connection, CancellationToken ct) =>
            ReceiveAsync(http, receiver, connection, ct));
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, IWebhookReceiver receiver, string? connection, CancellationToken ct)
    {
        var body = await ReadBodyAsync(http.Request, ct);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        var receipt = await receiver.ReceiveAsync(connection, body,
            http.Request.Headers["x-zm-request-timestamp"].FirstOrDefault(), http.Request.Headers["x-zm-signature"].FirstOrDefault(), ct);
        return receipt.Kind switch
        {
            ReceiptKind.Accepted or ReceiptKind.Duplicate or ReceiptKind.Ignored => Results.Ok(),
            ReceiptKind.UrlValidation => Results.Json(receipt.Response),
            ReceiptKind.Malformed => Results.BadRequest(),
            ReceiptKind.Unavailable => Results.StatusCode(StatusCodes.Status503ServiceUnavailable),
            _ => Results.Unauthorized(),
        };
    }

    /// <summary>Reads at most <see cref="MaxBodyBytes"/>; null when the body is larger (declared or actual).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
