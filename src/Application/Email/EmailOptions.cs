namespace StatusPage.Application.Email;

/// <summary>How the SMTP connection is secured: SMTP_TLS none|starttls|tls; unset takes STARTTLS where the server offers it.</summary>
public enum SmtpSecurity
{
    Auto,
    None,
    StartTls,
    Tls
}

/// <summary>Configuration section "Email" (SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_TLS and EMAIL_FROM land here).</summary>
public sealed class EmailOptions
{
    public string SmtpHost { get; set; } = "127.0.0.1";
    public int SmtpPort { get; set; } = 1025;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
    public SmtpSecurity SmtpTls { get; set; } = SmtpSecurity.Auto;

    /// <summary>SMTP_CA_CERTIFICATE: a PEM file of certificate authorities trusted for the SMTP server besides the system's.</summary>
    public string? SmtpCaCertificate { get; set; }
    public string From { get; set; } = "status@localhost";

    /// <summary>PUBLIC_URL: the base of every link in an email.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:5000";

    /// <summary>Recipients per delivery message: one SMTP connection serves a batch, and a crash can repeat at most one batch.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Messages per second across the node; 0 sends as fast as the server takes them.</summary>
    public double MessagesPerSecond { get; set; }

    /// <summary>Batches sent at the same time, each over its own connection.</summary>
    public int Connections { get; set; } = 4;

    /// <summary>Permanent refusals (5xx) after which an address is marked bounced and mailed no more.</summary>
    public int BounceLimit { get; set; } = 3;

    /// <summary>Subscribe requests per client IP address and minute.</summary>
    public int SubscribesPerMinute { get; set; } = 10;

    public string Link(string path) => PublicUrl.TrimEnd('/') + path;
}
