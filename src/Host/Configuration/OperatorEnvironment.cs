using StatusPage.Application;

namespace StatusPage.Host.Configuration;

/// <summary>
/// The environment variables promised to operators (DATABASE_URL, REDIS_URL, BIND_ADDRESS, API_PORT, TRUSTED_PROXIES,
/// ADMIN_TOKEN, PUBLIC_URL, OUTBOUND_ALLOW_CIDRS, SMTP_*, EMAIL_FROM), folded into standard configuration so appsettings, user secrets and the variables all meet
/// in one place.
/// </summary>
public static class OperatorEnvironment
{
    public static void Apply(ConfigurationManager configuration)
    {
        var overrides = new Dictionary<string, string?>();
        if (Environment.GetEnvironmentVariable("DATABASE_URL") is { Length: > 0 } database)
            overrides["ConnectionStrings:Postgres"] = PostgresUrl.ToConnectionString(database);
        if (Environment.GetEnvironmentVariable("REDIS_URL") is { Length: > 0 } redis)
            overrides["Redis:Configuration"] = RedisUrl.ToConfiguration(redis);
        var (bindAddress, port) = (Environment.GetEnvironmentVariable("BIND_ADDRESS"), Environment.GetEnvironmentVariable("API_PORT"));
        if (bindAddress is { Length: > 0 }) overrides["BindAddress"] = bindAddress;
        if (port is { Length: > 0 }) overrides["ApiPort"] = port;
        if ((bindAddress is { Length: > 0 } || port is { Length: > 0 }) && NodeOptions.ListenUrl(bindAddress, port) is { } listen)
            overrides["Urls"] = listen;
        if (Environment.GetEnvironmentVariable("TRUSTED_PROXIES") is { Length: > 0 } proxies)
            overrides["TrustedProxies"] = proxies;
        if (Environment.GetEnvironmentVariable("ADMIN_TOKEN") is { Length: > 0 } token)
            overrides["Admin:Token"] = token;
        if (Environment.GetEnvironmentVariable("PUBLIC_URL") is { Length: > 0 } publicUrl)
            overrides["PublicUrl"] = publicUrl;
        if (Environment.GetEnvironmentVariable("OUTBOUND_ALLOW_CIDRS") is { Length: > 0 } cidrs)
            overrides["Outbound:AllowCidrs"] = cidrs;
        foreach (var (variable, key) in EmailVariables)
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value) overrides[key] = value;
        configuration.AddInMemoryCollection(overrides);
    }

    private static readonly (string Variable, string Key)[] EmailVariables =
    [
        ("SMTP_HOST", "Email:SmtpHost"), ("SMTP_PORT", "Email:SmtpPort"), ("SMTP_USER", "Email:SmtpUser"),
        ("SMTP_PASSWORD", "Email:SmtpPassword"), ("SMTP_TLS", "Email:SmtpTls"),
        ("SMTP_CA_CERTIFICATE", "Email:SmtpCaCertificate"), ("EMAIL_FROM", "Email:From")
    ];

    public static StatusPageSettings Settings(IConfiguration configuration) => new(
        configuration.GetConnectionString("Postgres")
            ?? throw new ConfigurationError("No database: set DATABASE_URL or ConnectionStrings:Postgres."),
        configuration["Redis:Configuration"] ?? "127.0.0.1:6379",
        configuration["Admin:Token"]);
}

/// <summary>A setting the host cannot start with; the message names the variable and is all the operator is shown.</summary>
public sealed class ConfigurationError(string message) : InvalidOperationException(message);

public static class PostgresUrl
{
    /// <summary>The query parameters of a postgres:// URL that mean something here, libpq's names on Npgsql's settings.</summary>
    private static readonly Dictionary<string, Action<Npgsql.NpgsqlConnectionStringBuilder, string>> Parameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = (b, v) => b.SslMode = Enum.TryParse<Npgsql.SslMode>(v.Replace("-", ""), ignoreCase: true, out var mode) && !int.TryParse(v, out _) ? mode
            : throw new ConfigurationError($"DATABASE_URL: sslmode '{v}' is not one of disable, allow, prefer, require, verify-ca, verify-full."),
        ["sslrootcert"] = (b, v) => b.RootCertificate = v,
        ["application_name"] = (b, v) => b.ApplicationName = v,
        ["connect_timeout"] = (b, v) => b.Timeout = int.TryParse(v, out var seconds) && seconds >= 0 ? seconds
            : throw new ConfigurationError($"DATABASE_URL: connect_timeout '{v}' is not a number of seconds."),
        ["target_session_attrs"] = (b, v) => b.TargetSessionAttributes = v
    };

    /// <summary>postgres://user:password@host:port/database?sslmode=require → an Npgsql connection string.</summary>
    public static string ToConnectionString(string url)
    {
        if (!url.StartsWith("postgres://") && !url.StartsWith("postgresql://")) return url;
        var uri = ServiceUrl.Parse("DATABASE_URL", url);
        var credentials = uri.UserInfo.Split(':', 2);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "postgres",
            Username = Uri.UnescapeDataString(credentials[0]),
            Password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : null
        };
        foreach (var (key, value) in ServiceUrl.Query(uri))
        {
            if (!Parameters.TryGetValue(key, out var apply))
                throw new ConfigurationError($"DATABASE_URL: unknown parameter '{key}'; known are {string.Join(", ", Parameters.Keys)} " +
                                             "(any other Npgsql setting: give DATABASE_URL as a connection string, Host=…;Port=…).");
            apply(builder, value);
        }

        return builder.ConnectionString;
    }
}

public static class RedisUrl
{
    /// <summary>redis://[:password@]host:port[/db] → a StackExchange.Redis configuration string.</summary>
    public static string ToConfiguration(string url)
    {
        if (!url.StartsWith("redis://") && !url.StartsWith("rediss://")) return url;
        var uri = ServiceUrl.Parse("REDIS_URL", url);
        if (ServiceUrl.Query(uri).FirstOrDefault() is { Key: { } key })
            throw new ConfigurationError($"REDIS_URL: unknown parameter '{key}'; a redis:// URL takes none " +
                                         "(any other StackExchange.Redis option: give REDIS_URL as a configuration string, host:port,option=…).");
        var parts = new List<string> { $"{uri.Host}:{(uri.Port > 0 ? uri.Port : 6379)}" };
        var password = uri.UserInfo.Split(':', 2).ElementAtOrDefault(1);
        if (!string.IsNullOrEmpty(password)) parts.Add($"password={Uri.UnescapeDataString(password)}");
        if (uri.AbsolutePath.Trim('/') is { Length: > 0 } db) parts.Add($"defaultDatabase={db}");
        if (uri.Scheme == "rediss") parts.Add("ssl=true");
        return string.Join(",", parts);
    }
}

/// <summary>The URL forms of DATABASE_URL and REDIS_URL. Errors never repeat the URL: it may hold a password.</summary>
internal static class ServiceUrl
{
    internal static Uri Parse(string variable, string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri
            : throw new ConfigurationError($"{variable} is not a valid URL (scheme://user:password@host:port/…).");

    internal static IEnumerable<(string Key, string Value)> Query(Uri uri) =>
        uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2))
            .Select(pair => (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair.ElementAtOrDefault(1) ?? "")));
}
