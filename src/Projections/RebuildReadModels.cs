using JasperFx;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;

[assembly: JasperFxAssembly]

namespace StatusPage.Projections;

/// <summary>
/// <c>rebuild-read-models</c>: every async read model folded again from the first event, all at once, with the nodes
/// stopped. Unlike <c>projections rebuild</c> without <c>-p</c> it never replays the subscriptions, which would hand
/// every past change to the live stream and to the email and webhook relay again; and a view added later is
/// rebuilt without anyone remembering its name.
/// </summary>
[Description("Rebuilds every read model from the events (never the live and notice subscriptions); run it with the nodes stopped",
    Name = "rebuild-read-models")]
public sealed class RebuildReadModels : JasperFxAsyncCommand<NetCoreInput>
{
    private static readonly TimeSpan ShardTimeout = TimeSpan.FromMinutes(30);

    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.PrepareForRebuildsAsync();
        var names = ReadModels.Rebuilt(store);
        await Task.WhenAll(names.Select(name => daemon.RebuildProjectionAsync(name, ShardTimeout, CancellationToken.None)));
        Console.WriteLine($"Rebuilt {string.Join(", ", names)}.");
        return true;
    }
}
