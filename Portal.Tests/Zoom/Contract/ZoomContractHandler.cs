using System.Collections.Concurrent;

namespace Portal.Tests.Zoom.Contract;

/// <summary>
/// Put in front of the Zoom client's HTTP pipeline in tests: checks every request it sends and every response it gets
/// against <see cref="ZoomOpenApiContract"/> and collects what does not fit.
/// </summary>
public sealed class ZoomContractHandler(ZoomOpenApiContract? contract = null) : DelegatingHandler
{
    private readonly ZoomOpenApiContract _contract = contract ?? ZoomOpenApiContract.Instance;
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly ConcurrentQueue<string> _operations = new();

    public IReadOnlyList<string> Problems => [.. _problems];

    /// <summary>Operations seen ("GET /users", allow-list names...).</summary>
    public IReadOnlyList<string> Operations => [.. _operations];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!.ToString();
        string? json = null;
        IEnumerable<string>? form = null;
        if (request.Content is not null)
        {
            var text = await request.Content.ReadAsStringAsync(cancellationToken);
            if (request.Content.Headers.ContentType?.MediaType == "application/x-www-form-urlencoded")
            {
                form = text.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => Uri.UnescapeDataString(p.Split('=')[0]));
            }
            else if (!string.IsNullOrWhiteSpace(text))
            {
                json = text;
            }
        }
        var requestCheck = _contract.CheckRequest(request.Method.Method, url, json, form);
        Record("request", request.Method.Method, url, requestCheck);
        var response = await base.SendAsync(request, cancellationToken);
        var isJson = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        if (isJson || (int)response.StatusCode is 204 or 201)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            Record("response", request.Method.Method, url, _contract.CheckResponse(request.Method.Method, url, (int)response.StatusCode, body));
        }
        return response;
    }

    private void Record(string what, string method, string url, ContractCheck check)
    {
        if (check.Operation is not null)
        {
            _operations.Enqueue(check.Operation);
        }
        foreach (var problem in check.Problems)
        {
            _problems.Enqueue($"{what} {method} {new Uri(url).AbsolutePath}: {problem}");
        }
    }
}
