using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Testcontainers.PostgreSql;
using Wolverine;

namespace StatusPage.Testing;

/// <summary>
/// One host for the whole run of a test assembly, on real PostgreSQL and Redis: the connection strings the test
/// script exports, or a Testcontainers PostgreSQL when none is given and Docker is present. Tests isolate themselves
/// by creating their own organizations, which is also how tenants are isolated in production.
/// </summary>
public sealed class StatusPageFixture : IAsyncLifetime
{
    public const string AdminToken = "test-admin-token-0123456789";
    private PostgreSqlContainer? _container;
    private ScratchDatabase? _database;

    public IAlbaHost Host { get; private set; } = null!;

    public HostErrorLog ErrorLog { get; } = new();

    /// <summary>The real SMTP server on loopback that the host sends every email to.</summary>
    public MailCatcher.SmtpCatcher Mail { get; } = new(HostProcess.FreePort());

    /// <summary>
    /// The host's clock: real time when the run starts, moved on by tests that need the future (a maintenance's
    /// start). Every reading advances it a little, as real time would, so that things done one after the other
    /// still sort in that order.
    /// </summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    public async Task InitializeAsync()
    {
        var database = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
                       ?? Environment.GetEnvironmentVariable("DATABASE_URL");
        if (database is null)
        {
            if (!File.Exists("/var/run/docker.sock"))
                throw new InvalidOperationException(
                    "No PostgreSQL for the tests: run ./scripts/test.sh (it starts one), set DATABASE_URL, or start Docker for Testcontainers.");
            _container = new PostgreSqlBuilder("postgres:15").Build();
            await _container.StartAsync();
            Environment.SetEnvironmentVariable("DATABASE_URL", _container.GetConnectionString());
        }

        // A database of this assembly's own on that server, for its host and the host processes its tests start:
        // the integration and the browser tests each have a host, and neither may start on what the other left
        // behind (its organizations, monitors and scheduled messages).
        _database = await ScratchDatabase.Create();
        Environment.SetEnvironmentVariable("ConnectionStrings__Postgres", _database.ConnectionString);
        Environment.SetEnvironmentVariable("DATABASE_URL", null);

        if (Environment.GetEnvironmentVariable("REDIS_URL") is null)
            throw new InvalidOperationException("No Redis for the tests: run ./scripts/test.sh (it starts one) or set REDIS_URL.");

        Environment.SetEnvironmentVariable("ADMIN_TOKEN", AdminToken);
        // Webhook receivers and monitor targets in tests are loopback servers.
        Environment.SetEnvironmentVariable("OUTBOUND_ALLOW_CIDRS", "127.0.0.0/8");
        await Mail.Start();
        Environment.SetEnvironmentVariable("SMTP_HOST", "127.0.0.1");
        Environment.SetEnvironmentVariable("SMTP_PORT", Mail.Port.ToString());
        Environment.SetEnvironmentVariable("SMTP_TLS", "none");
        Environment.SetEnvironmentVariable("EMAIL_FROM", "status@statuspage.test");
        Environment.SetEnvironmentVariable("Email__BounceLimit", "2");
        Environment.SetEnvironmentVariable("Monitors__HeartbeatsPerMinute", "20");
        // Few enough that a test can fill the webhook queue and the share one organization may hold.
        Environment.SetEnvironmentVariable("Webhooks__Workers", "16");
        Environment.SetEnvironmentVariable("Webhooks__DeliveriesPerOrganization", "8");
        Environment.SetEnvironmentVariable("Limits__MonitorsPerOrganization", "10");
        Environment.SetEnvironmentVariable("Limits__WebhookEndpointsPerOrganization", "12");
        Environment.SetEnvironmentVariable("Limits__SubscriberImportsPerDay", "2500");
        // The suite signs in many times from one address and hammers accounts on purpose (the lockout race);
        // the limits themselves are tested on a host of their own.
        Environment.SetEnvironmentVariable("SignIn__PerClientPerMinute", "10000");
        Environment.SetEnvironmentVariable("SignIn__PerAccountPerMinute", "10000");
        Host = await AlbaHost.For<Program>(builder =>
        {
            // Not Development: the host must run on the committed pre-generated Wolverine code, as in production.
            builder.UseEnvironment("Testing");
            builder.ConfigureServices(services => services.RunWolverineInSoloMode());
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
            builder.ConfigureLogging(logging => logging.AddProvider(ErrorLog));
        });
    }

    /// <summary>Waits until the async projections have caught up with every event appended so far.</summary>
    public Task Settled() => Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

    public async Task DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        await Mail.DisposeAsync();
        if (_container is not null) await _container.DisposeAsync();
    }

    public HttpClient Client(string? bearer = null)
    {
        var client = Host.Server.CreateClient();
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    /// <summary>A fresh organization with its owner key; slugs are unique per call.</summary>
    public async Task<TestOrganization> NewOrganization(string? name = null)
    {
        var slug = "org-" + Guid.NewGuid().ToString("N")[..12];
        var response = await Client(AdminToken).PostAsJsonAsync("/api/orgs", new { name = name ?? "Org " + slug, slug, timeZone = "Europe/Berlin" });
        Assert.Equal(201, (int)response.StatusCode);
        var created = await response.Answer<OrganizationCreatedAnswer>();
        return new TestOrganization(this, created.Id, slug, created.ApiKey);
    }
}

/// <summary>An organization under test, reached through the in-memory host or, when given, a host process.</summary>
public sealed record TestOrganization(StatusPageFixture Fixture, Guid Id, string Slug, string OwnerKey, HostProcess? Node = null)
{
    public HttpClient Owner => Node?.Client(OwnerKey) ?? Fixture.Client(OwnerKey);

    public string Api(string path = "") => $"/api/orgs/{Id}{path}";

    public async Task<string> Key(string role)
    {
        var response = await Owner.PostAsJsonAsync(Api("/api-keys"), new { name = role + " key", role });
        Assert.Equal(201, (int)response.StatusCode);
        return (await response.Answer<ApiKeySecretAnswer>()).Secret;
    }

    public async Task<Guid> AddGroup(string name = "Platform")
    {
        var response = await Owner.PostAsJsonAsync(Api("/groups"), new { name });
        Assert.Equal(201, (int)response.StatusCode);
        return await response.Id();
    }

    public async Task<Guid> AddComponent(string name = "API", Guid? groupId = null)
    {
        var response = await Owner.PostAsJsonAsync(Api("/components"), new { name, groupId });
        Assert.Equal(201, (int)response.StatusCode);
        return await response.Id();
    }

    public async Task<Guid> Declare(Guid componentId, string componentStatus = "major_outage")
    {
        var response = await Owner.PostAsJsonAsync(Api("/incidents"), new
        {
            name = "Database down", impact = "major", status = "investigating", message = "We are looking into it.",
            components = new Dictionary<Guid, string> { [componentId] = componentStatus }
        });
        Assert.Equal(201, (int)response.StatusCode);
        return await response.Id();
    }

    public Task<OrganizationAnswer> Read() => Get<OrganizationAnswer>("");

    public Task<ComponentAnswer> Component(Guid id) => Get<ComponentAnswer>($"/components/{id}");

    public Task<List<ComponentAnswer>> Components() => Get<List<ComponentAnswer>>("/components");

    public Task<List<GroupAnswer>> Groups() => Get<List<GroupAnswer>>("/groups");

    public Task<IncidentAnswer> Incident(Guid id, string query = "") => Get<IncidentAnswer>($"/incidents/{id}{query}");

    public Task<IncidentPageAnswer> Incidents(string query = "") => Get<IncidentPageAnswer>("/incidents" + query);

    public Task<List<ApiKeyAnswer>> ApiKeys() => Get<List<ApiKeyAnswer>>("/api-keys");

    /// <summary>The history of a stream under the organization, e.g. <c>/incidents/{id}</c>, oldest first.</summary>
    public Task<List<EventAnswer>> Events(string stream) => Get<List<EventAnswer>>(stream + "/events");

    public async Task<T> Get<T>(string path) => await (await Read(path)).Answer<T>();

    /// <summary>The answer as it is on the wire, for tests about its exact shape.</summary>
    public async Task<JsonNode> Get(string path) => await (await Read(path)).Json();

    private async Task<HttpResponseMessage> Read(string path)
    {
        var response = await Owner.GetAsync(Api(path));
        Assert.Equal(200, (int)response.StatusCode);
        return response;
    }
}

public static class HttpJson
{
    public static async Task<JsonNode> Json(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body");

    public static async Task<T> Answer<T>(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<T>(Options) ?? throw new InvalidOperationException("Empty body");

    // Webhook and API key creations answer an id and a secret but no version, so only the id is required here.
    public static async Task<Guid> Id(this HttpResponseMessage response) => (await response.Answer<Created>()).Id;

    private sealed record Created(Guid Id);

    public static Task<HttpResponseMessage> PatchAsJsonAsync<T>(this HttpClient client, string url, T body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(body) });

    public static Task<HttpResponseMessage> SendRaw(this HttpClient client, HttpMethod method, string url, string body) =>
        client.SendAsync(new HttpRequestMessage(method, url)
            { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });

    /// <summary>A 4xx answer that is RFC 7807 ProblemDetails with the given status.</summary>
    public static async Task<JsonNode> AssertProblem(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"Expected {status} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>() ?? problem["title"]?.GetValue<string>()));
        return problem;
    }

    /// <summary>
    /// Web defaults, strict about presence: a field the wire stops sending, or sends as null where it never is, fails
    /// the read instead of passing as its default.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true
    };
}
