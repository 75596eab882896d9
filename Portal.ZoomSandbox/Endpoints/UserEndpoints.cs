using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Portal.ZoomSandbox.Endpoints.SandboxHttp;

namespace Portal.ZoomSandbox.Endpoints;

internal static class UserEndpoints
{
    private static readonly string[] ListScopes = ["user:read:list_users:admin", "user:read:admin"];
    private static readonly string[] ReadScopes = ["user:read:user:admin", "user:read:admin", "user:read:user"];
    private static readonly string[] WriteScopes = ["user:write:user:admin", "user:write:admin"];
    private static readonly string[] UpdateScopes = ["user:update:user:admin", "user:write:admin"];
    private static readonly string[] SummaryScopes = ["user:read:summary:admin", "user:read:admin"];
    private static readonly string[] SettingsReadScopes = ["user:read:settings:admin", "user:read:user:admin", "user:read:admin"];
    private static readonly string[] SettingsWriteScopes = ["user:update:settings:admin", "user:update:user:admin", "user:write:admin"];
    private static readonly string[] PlanScopes = ["billing:read:plan_usage:admin", "account:read:admin"];
    private static readonly string[] ReportScopes = ["report:read:cloud_recording:admin", "report:read:admin"];

    public static void Map(RouteGroupBuilder v2)
    {
        v2.Api("GET", "/users", SandboxRateCategory.Medium, ListScopes, ListUsersAsync);
        v2.Api("GET", "/users/summary", SandboxRateCategory.Medium, SummaryScopes, SummaryAsync);
        v2.Api("POST", "/users", SandboxRateCategory.Light, WriteScopes, CreateUserAsync);
        v2.Api("GET", "/users/{userId}", SandboxRateCategory.Light, ReadScopes, GetUserAsync);
        v2.Api("PATCH", "/users/{userId}", SandboxRateCategory.Light, UpdateScopes, UpdateUserAsync);
        v2.Api("GET", "/users/{userId}/settings", SandboxRateCategory.Medium, SettingsReadScopes, GetSettingsAsync);
        v2.Api("PATCH", "/users/{userId}/settings", SandboxRateCategory.Medium, SettingsWriteScopes, UpdateSettingsAsync);
        v2.Api("GET", "/accounts/{accountId}/plans/usage", SandboxRateCategory.Heavy, PlanScopes, PlanUsageAsync);
        v2.Api("GET", "/report/cloud_recording", SandboxRateCategory.Heavy, ReportScopes, StorageReportAsync);
    }

    private static string? RouteValue(ApiCall call, string name) => call.Http.Request.RouteValues[name]?.ToString();

    internal static Task<IResult> ListUsersAsync(ApiCall call)
    {
        var status = call.Query("status") ?? "active";
        if (status is not ("active" or "inactive" or "pending"))
        {
            return Task.FromResult(Error(400, 300, $"Invalid field: status."));
        }
        var pageSize = ParsePageSize(call.Query("page_size"), 30, 300);
        var offset = 0;
        if (call.Query("next_page_token") is { } pageToken)
        {
            if (!TryReadPageToken(pageToken, status, out offset))
            {
                return Task.FromResult(Error(400, 300, "The next page token is invalid or expired."));
            }
        }
        else if (int.TryParse(call.Query("page_number"), out var pageNumber) && pageNumber > 1)
        {
            offset = (pageNumber - 1) * pageSize;
        }
        lock (call.State.Gate)
        {
            var users = Filtered(call.State, call.Account, status);
            var page = users.Skip(offset).Take(pageSize).Select(u => ListItem(u)).ToList();
            var next = offset + pageSize < users.Count ? PageToken(status, offset + pageSize) : "";
            return Task.FromResult(Ok(new
            {
                next_page_token = next,
                page_count = (users.Count + pageSize - 1) / pageSize,
                page_number = offset / pageSize + 1,
                page_size = pageSize,
                total_records = users.Count,
                users = page,
            }));
        }
    }

    /// <summary>Caller holds the state lock.</summary>
    private static List<SandboxUser> Filtered(SandboxState state, SandboxAccount account, string status)
    {
        if (state.ListCache.TryGetValue((account.Id, status), out var cached) && cached.Version == account.Version)
        {
            return cached.Users;
        }
        var list = account.Users.Where(u => u.Status == status).ToList();
        state.ListCache[(account.Id, status)] = (account.Version, list);
        return list;
    }

    internal static int ParsePageSize(string? value, int fallback, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? Math.Min(n, max) : fallback;

    internal static string PageToken(string scope, int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{scope}|{offset}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static bool TryReadPageToken(string token, string scope, out int offset)
    {
        offset = 0;
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            return parts.Length == 2 && parts[0] == scope && int.TryParse(parts[1], out offset) && offset >= 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static object ListItem(SandboxUser u) => new
    {
        id = u.Id,
        first_name = u.FirstName,
        last_name = u.LastName,
        display_name = u.DisplayName,
        email = u.Email,
        type = u.Type,
        pmi = u.Status == "pending" ? (long?)null : u.Pmi,
        timezone = u.Timezone,
        verified = u.Status == "pending" ? 0 : 1,
        dept = u.Dept,
        user_created_at = Iso(u.CreatedAt),
        created_at = Iso(u.CreatedAt),
        last_login_time = u.LastLoginTime is { } l ? Iso(l) : null,
        last_client_version = u.LastLoginTime is null ? null : "6.2.5.52811(mac)",
        group_ids = Array.Empty<string>(),
        status = u.Status,
        role_id = u.RoleId,
    };

    private static object FullUser(SandboxUser u, ApiCall call) => new
    {
        id = u.Id,
        first_name = u.FirstName,
        last_name = u.LastName,
        display_name = u.DisplayName,
        email = u.Email,
        type = u.Type,
        role_name = u.RoleId switch { "0" => "Owner", "1" => "Admin", _ => "Member" },
        pmi = u.Status == "pending" ? (long?)null : u.Pmi,
        use_pmi = false,
        personal_meeting_url = u.Status == "pending" ? null : $"{call.BaseUrl}/j/{u.Pmi}",
        timezone = u.Timezone,
        verified = u.Status == "pending" ? 0 : 1,
        dept = u.Dept,
        created_at = Iso(u.CreatedAt),
        user_created_at = Iso(u.CreatedAt),
        last_login_time = u.LastLoginTime is { } l ? Iso(l) : null,
        last_client_version = u.LastLoginTime is null ? null : "6.2.5.52811(mac)",
        language = "en-US",
        status = u.Status,
        role_id = u.RoleId,
        account_id = u.AccountId,
        account_number = u.AccountId == SandboxState.Account1 ? 1_000_001L : 1_000_002L,
        cluster = "us05",
        group_ids = Array.Empty<string>(),
        login_types = new[] { 101 },
    };

    private static Task<IResult> GetUserAsync(ApiCall call) => Task.FromResult(WithUser(call, user => Ok(FullUser(user, call))));

    /// <summary>Runs <paramref name="action"/> on the route's user under the state lock, or answers Zoom's 404.</summary>
    private static IResult WithUser(ApiCall call, Func<SandboxUser, IResult> action)
    {
        var userId = RouteValue(call, "userId")!;
        lock (call.State.Gate)
        {
            var user = call.State.FindUser(call.Account, userId, call.Token);
            return user is null ? UserNotFound(userId) : action(user);
        }
    }

    /// <summary>A PATCH on the route's user: the JSON body is read first, as Zoom rejects a bad body before looking the user up.</summary>
    private static async Task<IResult> PatchUserAsync(ApiCall call, Func<SandboxUser, JsonObject, IResult> patch)
    {
        var body = await ReadJsonAsync(call.Http);
        return body is null ? InvalidBody() : WithUser(call, user => patch(user, body));
    }

    private static bool IsUserType(int type) => type is 1 or 2 or 4 or 99;

    /// <summary>Caller holds the state lock.</summary>
    private static bool NoLicenceLeft(ApiCall call) =>
        call.State.LicencesInUse(call.Account) + call.State.LicencesPending(call.Account) >= call.Account.LicencesPurchased;

    private static IResult NotEnoughLicences() => Error(400, 2034, "Your request was not accepted because you don't have enough licenses.");

    private static Task<IResult> SummaryAsync(ApiCall call)
    {
        lock (call.State.Gate)
        {
            var users = call.Account.Users;
            var licensed = users.Count(u => u.Type == 2 && u.Status != "pending");
            var basic = users.Count(u => u.Type == 1 && u.Status != "pending");
            var pending = users.Count(u => u.Status == "pending");
            return Task.FromResult(Ok(new
            {
                licensed_users_count = licensed,
                basic_users_count = basic,
                on_prem_users_count = 0,
                room_users_count = 0,
                pending_users_count = pending,
                join_only_users_count = 0,
                total_users_count = users.Count,
            }));
        }
    }

    private static async Task<IResult> CreateUserAsync(ApiCall call)
    {
        var body = await ReadJsonAsync(call.Http);
        var action = body?["action"]?.GetValue<string>();
        var info = body?["user_info"] as JsonObject;
        var email = info?["email"]?.GetValue<string>();
        if (action is null || info is null || string.IsNullOrWhiteSpace(email) || info["type"] is null)
        {
            return Error(400, 300, "Validation Failed.");
        }
        if (action is not ("create" or "autoCreate" or "custCreate" or "ssoCreate"))
        {
            return Error(400, 300, $"Invalid field: action.");
        }
        if (!email.Contains('@', StringComparison.Ordinal))
        {
            return Error(400, 300, "Invalid field: email.");
        }
        var type = info["type"]!.GetValue<int>();
        if (!IsUserType(type))
        {
            return Error(400, 300, "Invalid field: type.");
        }
        lock (call.State.Gate)
        {
            if (call.State.Accounts.Values.Any(a => a.ByEmail.ContainsKey(email)))
            {
                return Error(409, 1005, $"User already in the account: {email}");
            }
            if (type == 2 && NoLicenceLeft(call))
            {
                return NotEnoughLicences();
            }
            var user = new SandboxUser
            {
                Id = SandboxState.StableId(call.Account.Id + "/" + email.ToLowerInvariant()),
                Email = email,
                FirstName = info["first_name"]?.GetValue<string>() ?? "",
                LastName = info["last_name"]?.GetValue<string>() ?? "",
                Type = type,
                Status = action is "create" ? "pending" : "active",
                AccountId = call.Account.Id,
                CreatedAt = call.Now,
            };
            call.Account.Add(user);
            return Ok(new { id = user.Id, first_name = user.FirstName, last_name = user.LastName, email = user.Email, type = user.Type }, 201);
        }
    }

    private static Task<IResult> UpdateUserAsync(ApiCall call) => PatchUserAsync(call, (user, body) =>
    {
        if (body["type"] is { } typeNode)
        {
            var type = typeNode.GetValue<int>();
            if (!IsUserType(type))
            {
                return Error(400, 300, "Invalid field: type.");
            }
            if (type == 2 && user.Type != 2 && NoLicenceLeft(call))
            {
                return NotEnoughLicences();
            }
            user.Type = type;
        }
        if (body["first_name"]?.GetValue<string>() is { } first)
        {
            user.FirstName = first;
        }
        if (body["last_name"]?.GetValue<string>() is { } last)
        {
            user.LastName = last;
        }
        if (body["timezone"]?.GetValue<string>() is { } tz)
        {
            user.Timezone = tz;
        }
        call.Account.Version++;
        return NoContent();
    });

    private static Task<IResult> GetSettingsAsync(ApiCall call) => Task.FromResult(WithUser(call, user => Ok(new
    {
        schedule_meeting = new { host_video = user.HostVideo, participants_video = false, join_before_host = user.JoinBeforeHost, use_pmi_for_scheduled_meetings = false },
        in_meeting = new { waiting_room = user.WaitingRoom, chat = true, private_chat = true, co_host = true, screen_sharing = true },
        email_notification = new { cloud_recording_available_reminder = true, jbh_reminder = true },
        recording = new
        {
            local_recording = true,
            cloud_recording = user.CloudRecording,
            record_speaker_view = true,
            record_gallery_view = false,
            record_audio_file = true,
            save_chat_text = true,
            show_timestamp = true,
            recording_audio_transcript = true,
            auto_recording = user.AutoRecording,
            auto_delete_cmr = false,
        },
        feature = new { meeting_capacity = 300, large_meeting = false, webinar = false, cn_meeting = false, in_meeting = false },
    })));

    private static Task<IResult> UpdateSettingsAsync(ApiCall call) => PatchUserAsync(call, (user, body) =>
    {
        if (body["recording"]?["cloud_recording"] is { } cr)
        {
            user.CloudRecording = cr.GetValue<bool>();
        }
        if (body["recording"]?["auto_recording"] is { } ar)
        {
            user.AutoRecording = ar.GetValue<string>();
        }
        if (body["in_meeting"]?["waiting_room"] is { } wr)
        {
            user.WaitingRoom = wr.GetValue<bool>();
        }
        if (body["schedule_meeting"]?["join_before_host"] is { } jbh)
        {
            user.JoinBeforeHost = jbh.GetValue<bool>();
        }
        if (body["schedule_meeting"]?["host_video"] is { } hv)
        {
            user.HostVideo = hv.GetValue<bool>();
        }
        return NoContent();
    });

    private static Task<IResult> PlanUsageAsync(ApiCall call)
    {
        var accountId = RouteValue(call, "accountId");
        if (accountId != "me" && accountId != call.Account.Id)
        {
            return Task.FromResult(Error(400, 200, "Only available for master account."));
        }
        if (call.Control.IsPlanUsageRefused(call.Token.ClientId))
        {
            return Task.FromResult(Error(400, 200, "Only available for paid account"));
        }
        lock (call.State.Gate)
        {
            var a = call.Account;
            var used = call.State.LicencesInUse(a);
            var pending = call.State.LicencesPending(a);
            var baseUsed = Math.Min(a.PlanBaseHosts, used);
            var oneUsed = Math.Min(a.ZoomOneHosts, used - baseUsed);
            var unitedUsed = Math.Max(0, used - baseUsed - oneUsed);
            var storageUsed = call.State.StorageUsed(a.Id);
            var freeUsed = Math.Min(a.FreeStorageBytes, storageUsed);
            var planUsed = storageUsed - freeUsed;
            var exceed = Math.Max(0, planUsed - a.PlanStorageBytes);
            var body = new Dictionary<string, object?>
            {
                ["plan_base"] = new { type = "monthly", hosts = a.PlanBaseHosts, usage = baseUsed, pending, active_hosts = baseUsed },
                ["plan_zoom_one"] = a.ZoomOneHosts > 0
                    ? new object[] { new { type = "zoom_one_business_plus_monthly", hosts = a.ZoomOneHosts, usage = oneUsed, pending = 0 } }
                    : [],
                ["plan_united"] = new { type = a.UnitedHosts > 0 ? "united_business_monthly" : "", hosts = a.UnitedHosts, usage = unitedUsed, pending = 0 },
                ["plan_webinar"] = Array.Empty<object>(),
                ["plan_recording"] = new
                {
                    type = "cmr_monthly_commitment_1tb",
                    free_storage = FormatSize(a.FreeStorageBytes),
                    free_storage_usage = FormatSize(freeUsed),
                    plan_storage = FormatSize(a.PlanStorageBytes),
                    plan_storage_usage = FormatSize(planUsed),
                    plan_storage_exceed = FormatSize(exceed),
                    max_exceed_date = "",
                },
            };
            return Task.FromResult(Ok(body));
        }
    }

    /// <summary>Zoom's size strings: "0", "500 MB", "312.5 GB", "1 TB".</summary>
    internal static string FormatSize(long bytes)
    {
        if (bytes <= 0)
        {
            return "0";
        }
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return $"{Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture)} {units[unit]}";
    }

    private static Task<IResult> StorageReportAsync(ApiCall call)
    {
        var today = DateOnly.FromDateTime(call.Now.UtcDateTime);
        if (!DateOnly.TryParseExact(call.Query("from") ?? "", "yyyy-MM-dd", out var from)
            || !DateOnly.TryParseExact(call.Query("to") ?? "", "yyyy-MM-dd", out var to))
        {
            return Task.FromResult(Error(400, 300, "Invalid field: from/to (yyyy-mm-dd)."));
        }
        if (to < from || to.DayNumber - from.DayNumber > 30 || from < today.AddMonths(-6) || to >= today)
        {
            return Task.FromResult(Error(400, 300, "The date range must be at most 30 days, within the last 6 months and end yesterday at the latest."));
        }
        lock (call.State.Gate)
        {
            var a = call.Account;
            var days = new List<object>();
            for (var d = from; d <= to; d = d.AddDays(1))
            {
                var end = new DateTimeOffset(d.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                var used = call.State.Recordings.Where(r => r.AccountId == a.Id && r.StartTime < end)
                    .SelectMany(r => r.Files).Where(f => !f.Deleted).Sum(f => f.FileSize);
                var free = Math.Min(a.FreeStorageBytes, used);
                days.Add(new { date = Day(d), usage = FormatSize(used), plan_usage = FormatSize(used - free), free_usage = FormatSize(free) });
            }
            return Task.FromResult(Ok(new { from = Day(from), to = Day(to), cloud_recording_storage = days }));
        }
    }
}
