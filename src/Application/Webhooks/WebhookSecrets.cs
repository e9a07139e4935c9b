using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Repositories;
using StatusPage.Domain.Webhooks;

namespace StatusPage.Application.Webhooks;

/// <summary>Signing secrets: only the sender ever decrypts one again.</summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
    : ProtectedSecrets(provider, "StatusPage.Webhooks.SigningSecret", WebhookSignatures.NewSecret);

/// <summary>A Data Protection key as its XML, kept in PostgreSQL so that every node of a cluster has the same key ring.</summary>
public sealed class DataProtectionKey
{
    public string Id { get; set; } = "";
    public string Xml { get; set; } = "";
}

/// <summary>
/// The shared key ring. Data Protection's repository interface is synchronous while Marten is async-only; the ring
/// is read at start and about once a day after, so blocking on those reads costs nothing worth a second store.
/// </summary>
public sealed class MartenKeyRing(IDocumentStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => Task.Run(async () =>
    {
        await using var session = store.QuerySession();
        var keys = await session.Query<DataProtectionKey>().ToListAsync();
        return (IReadOnlyCollection<XElement>)keys.Select(k => XElement.Parse(k.Xml)).ToList();
    }).GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => Task.Run(async () =>
    {
        await using var session = store.LightweightSession();
        session.Insert(new DataProtectionKey { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        await session.SaveChangesAsync();
    }).GetAwaiter().GetResult();
}
