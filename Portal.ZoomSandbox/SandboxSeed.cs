namespace Portal.ZoomSandbox;

/// <summary>The deterministic demo data (same content for the same day).</summary>
internal static class SandboxSeed
{
    private static readonly string[] FirstNames =
    [
        "Alex", "Blair", "Cameron", "Devon", "Emery", "Finley", "Gray", "Harper", "Indigo", "Jordan", "Kendall", "Logan",
        "Morgan", "Noel", "Oakley", "Parker", "Quinn", "Reese", "Sage", "Taylor", "Umber", "Val", "Wren", "Xan", "Yael", "Zion",
    ];

    private static readonly string[] LastNames =
    [
        "Abbott", "Barnes", "Carter", "Dalton", "Ellis", "Fischer", "Garcia", "Hughes", "Ibarra", "Jensen", "Khan", "Lopez",
    ];

    private static readonly string[] Topics =
    [
        "Essay Workshop", "Thesis Clinic", "Grammar Drop-in", "Peer Review Circle", "Citation Help", "Creative Writing Lab",
    ];

    public static void Populate(SandboxState state, DateTimeOffset now)
    {
        var all = SandboxState.AllScopes.ToHashSet(StringComparer.Ordinal);
        void App(string id, string secret, AppKind kind, string? account, IEnumerable<string> scopes) =>
            state.Apps[id] = new SandboxApp(id, secret, kind, account, scopes.ToHashSet(StringComparer.Ordinal));

        App("sandbox-s2s-client", "sandbox-s2s-secret", AppKind.ServerToServer, SandboxState.Account1, all);
        App("sandbox-limited-client", "sandbox-limited-secret", AppKind.ServerToServer, SandboxState.Account1, SandboxState.RequiredScopes);
        App("sandbox-noscope-client", "sandbox-noscope-secret", AppKind.ServerToServer, SandboxState.Account1,
            all.Where(s => s != "meeting:write:meeting:admin"));
        App("sandbox-s2s-client-2", "sandbox-s2s-secret-2", AppKind.ServerToServer, SandboxState.Account2, all);
        App(SandboxState.OAuthClientId, "sandbox-oauth-secret", AppKind.OAuth, null, all);

        var a1 = new SandboxAccount
        {
            Id = SandboxState.Account1, Name = "Writing Center", OwnerEmail = $"ada.admin@{SandboxState.Domain}",
            PlanBaseHosts = 100, ZoomOneHosts = 40, UnitedHosts = 10,
            PlanStorageBytes = 1L << 40, FreeStorageBytes = 5L << 30,
        };
        var a2 = new SandboxAccount
        {
            Id = SandboxState.Account2, Name = "Writing Center (second account)", OwnerEmail = $"olga.other@{SandboxState.Domain}",
            PlanBaseHosts = 10, PlanStorageBytes = 100L << 30, FreeStorageBytes = 5L << 30,
        };
        var a3 = new SandboxAccount
        {
            Id = SandboxState.Account3, Name = "Writing Center (third account)", OwnerEmail = $"una.third@{SandboxState.Domain}",
            PlanBaseHosts = 5, PlanStorageBytes = 10L << 30, FreeStorageBytes = 1L << 30,
        };
        state.Accounts[a1.Id] = a1;
        state.Accounts[a2.Id] = a2;
        state.Accounts[a3.Id] = a3;

        var rng = new Random(20261125);
        SandboxUser User(SandboxAccount account, string first, string last, int type, string status, string? email = null,
            int lastLoginDaysAgo = 3, string role = "2")
        {
            email ??= $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}@{SandboxState.Domain}";
            var user = new SandboxUser
            {
                Id = SandboxState.StableId(account.Id + "/" + email.ToLowerInvariant()),
                Email = email,
                FirstName = first,
                LastName = last,
                Type = type,
                Status = status,
                AccountId = account.Id,
                RoleId = role,
                CreatedAt = now.AddDays(-400 - rng.Next(300)).AddSeconds(-rng.Next(86_400)),
                LastLoginTime = status == "pending" ? null : now.AddDays(-lastLoginDaysAgo).AddSeconds(-rng.Next(86_400)),
                Pmi = 3_000_000_000L + rng.Next(1_000_000_000),
                Dept = "Writing Center",
            };
            user.CreatedAt = TrimToSeconds(user.CreatedAt);
            user.LastLoginTime = user.LastLoginTime is { } l ? TrimToSeconds(l) : null;
            account.Add(user);
            return user;
        }

        User(a1, "Ada", "Admin", 2, "active", lastLoginDaysAgo: 0, role: "0");
        User(a1, "Dana", "Director", 2, "active", lastLoginDaysAgo: 1, role: "1");
        var terry = User(a1, "Terry", "Teacher", 2, "active", lastLoginDaysAgo: 1);
        var tess = User(a1, "Tess", "Tutor", 2, "active", lastLoginDaysAgo: 2);
        User(a1, "Casey", "Case", 2, "active", email: $"Casey.Case@{SandboxState.Domain}");
        var pat = User(a1, "Pat", "Pending", 2, "pending");
        pat.Id = null;
        a1.ById.Clear();
        foreach (var u in a1.Users.Where(u => u.Id is not null))
        {
            a1.ById[u.Id!] = u;
        }
        User(a1, "Bea", "Basic", 1, "active", lastLoginDaysAgo: 5);
        User(a1, "Dee", "Deactivated", 2, "inactive", lastLoginDaysAgo: 90);
        User(a1, "Sam", "Shared", 2, "active", lastLoginDaysAgo: 4);
        User(a1, "Lee", "Longago", 2, "active", lastLoginDaysAgo: 200);
        User(a2, "Olga", "Other", 2, "active", lastLoginDaysAgo: 2, role: "0");
        User(a2, "Otto", "Outside", 1, "active", lastLoginDaysAgo: 8);
        User(a3, "Una", "Third", 2, "active", lastLoginDaysAgo: 1, role: "0");

        const int licensedTarget = 146;
        var generated = new List<SandboxUser>();
        for (var i = 0; generated.Count < 290; i++)
        {
            var first = FirstNames[i % FirstNames.Length];
            var last = LastNames[i / FirstNames.Length % LastNames.Length] + (i >= FirstNames.Length * LastNames.Length ? "x" : "");
            var status = i % 29 == 7 ? "inactive" : i % 31 == 11 ? "pending" : "active";
            var licensed = i % 2 == 0 && state.LicencesInUse(a1) + state.LicencesPending(a1) < licensedTarget;
            generated.Add(User(a1, first, last, licensed ? 2 : 1, status, lastLoginDaysAgo: 1 + rng.Next(60)));
        }

        SeedRecordings(state, a1, terry, 60, rng, now);
        SeedRecordings(state, a1, tess, 45, rng, now);
        foreach (var other in generated.Where(u => u.Type == 2 && u.Status == "active").Take(4))
        {
            SeedRecordings(state, a1, other, 8, rng, now);
        }
        SeedRecordings(state, a2, a2.ByEmail[$"olga.other@{SandboxState.Domain}"], 6, rng, now);
    }

    private static void SeedRecordings(SandboxState state, SandboxAccount account, SandboxUser host, int count, Random rng, DateTimeOffset now)
    {
        var seriesIds = Enumerable.Range(0, 3).Select(_ => 82_000_000_000L + rng.NextInt64(9_000_000_000)).ToArray();
        var start = now.UtcDateTime.Date.AddDays(-182);
        var span = (now.UtcDateTime.Date.AddDays(-1) - start).TotalHours;
        var times = Enumerable.Range(0, count)
            .Select(_ => start.AddHours(Math.Floor(rng.NextDouble() * span)).AddMinutes(rng.Next(4) * 15))
            .Order()
            .ToList();
        for (var n = 0; n < times.Count; n++)
        {
            var series = rng.Next(seriesIds.Length);
            var duration = 30 + rng.Next(61);
            var begin = new DateTimeOffset(times[n], TimeSpan.Zero);
            var uuid = MakeUuid(rng, n);
            var meeting = new SandboxRecordingMeeting
            {
                Uuid = uuid,
                MeetingId = seriesIds[series],
                HostId = host.Id!,
                AccountId = account.Id,
                Topic = $"{Topics[(series + host.Email.Length) % Topics.Length]} ({host.FirstName})",
                StartTime = begin,
                Duration = duration,
                Password = SandboxState.StableId(uuid)[..8],
            };
            var end = begin.AddMinutes(duration);
            var seconds = duration * 60L;
            meeting.Files.Add(File("MP4", "MP4", seconds * (120_000 + rng.Next(80_000)), begin, end, "shared_screen_with_speaker_view"));
            meeting.Files.Add(File("M4A", "M4A", seconds * (15_000 + rng.Next(2_000)), begin, end, "audio_only"));
            if (rng.Next(3) > 0)
            {
                meeting.Files.Add(File("TRANSCRIPT", "VTT", seconds * (15 + rng.Next(10)), begin, end, "audio_transcript"));
            }
            if (rng.Next(2) == 0)
            {
                meeting.Files.Add(File("CHAT", "TXT", 200 + rng.Next(8_000), begin, end, "chat_file"));
            }
            state.AddRecording(meeting);
        }

        SandboxRecordingFile File(string type, string ext, long size, DateTimeOffset begin, DateTimeOffset end, string recordingType) => new()
        {
            Id = Guid.Parse(SandboxGuid(rng)).ToString(),
            FileType = type,
            FileExtension = ext,
            FileSize = size,
            RecordingStart = begin.AddSeconds(5),
            RecordingEnd = end,
            RecordingType = recordingType,
        };
    }

    private static string SandboxGuid(Random rng)
    {
        var bytes = new byte[16];
        rng.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    /// <summary>Base64 UUIDs; every 7th starts with '/' and every 11th contains '//' (Zoom's double-encoding cases).</summary>
    private static string MakeUuid(Random rng, int n)
    {
        var bytes = new byte[16];
        rng.NextBytes(bytes);
        var uuid = Convert.ToBase64String(bytes);
        if (n % 7 == 3)
        {
            uuid = "/" + uuid[1..];
        }
        else if (n % 11 == 5)
        {
            uuid = uuid[..6] + "//" + uuid[8..];
        }
        return uuid;
    }

    private static DateTimeOffset TrimToSeconds(DateTimeOffset value) =>
        new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    /// <summary>Adds <paramref name="count"/> generated users quickly (benchmarks): 80% active, 10% inactive, 10% pending.</summary>
    public static void AddBulkUsers(SandboxState state, SandboxAccount account, int count, DateTimeOffset now)
    {
        var start = state.SeededUserCounter;
        account.Users.Capacity = Math.Max(account.Users.Capacity, account.Users.Count + count);
        account.ById.EnsureCapacity(account.ById.Count + count);
        account.ByEmail.EnsureCapacity(account.ByEmail.Count + count);
        var created = TrimToSeconds(now.AddDays(-30));
        for (var i = start; i < start + count; i++)
        {
            var email = $"bulk.user{i:D6}@{SandboxState.Domain}";
            var user = new SandboxUser
            {
                Id = $"bulk-{account.Id[^1]}-{i:D8}",
                Email = email,
                FirstName = "Bulk",
                LastName = $"User{i:D6}",
                Type = i % 3 == 0 ? 2 : 1,
                Status = (i % 10) switch { 8 => "inactive", 9 => "pending", _ => "active" },
                AccountId = account.Id,
                CreatedAt = created,
                LastLoginTime = (i % 10) == 9 ? null : created.AddDays(i % 29),
                Pmi = 5_000_000_000L + i,
            };
            account.Users.Add(user);
            account.ById[user.Id] = user;
            account.ByEmail[email] = user;
        }
        account.PlanBaseHosts += count / 3 + 1;
        account.Version++;
        state.SeededUserCounter = start + count;
    }
}
