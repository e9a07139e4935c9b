using Marten;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Integration.Tests.Live;
using StatusPage.MailCatcher;
using Xunit.Abstractions;

namespace StatusPage.Integration.Tests.Email;

/// <summary>Host processes on a database of their own, killed with SIGKILL in the middle of a fan-out.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class EmailCrashTests(StatusPageFixture fixture, ITestOutputHelper output)
{
    private const int Subscribers = 2_000;
    private const int BatchSize = 50;

    [Fact]
    public async Task A_host_killed_during_a_2000_subscriber_fan_out_finishes_it_after_restart_with_at_most_one_batch_of_duplicates()
    {
        await using var database = await OwnDatabase.Create(fixture.Host.Services.GetRequiredService<IDocumentStore>(), "email_crash");
        await using var smtp = new SmtpCatcher(HostProcess.FreePort());
        await smtp.Start();
        Dictionary<string, string> Settings(string node) => new(database.Settings(node))
        {
            ["SMTP_HOST"] = "127.0.0.1", ["SMTP_PORT"] = smtp.Port.ToString(), ["SMTP_TLS"] = "none",
            ["Email__BatchSize"] = BatchSize.ToString(),
            // Slow enough that the kill lands in the middle of the fan-out on any machine.
            ["Email__MessagesPerSecond"] = "400"
        };

        var first = await HostProcess.Start(LiveNode.SharedRedis, Settings("email-crash-a"));
        HostProcess? second = null;
        try
        {
            var org = await first.NewOrganization(fixture);
            var api = await org.AddComponent("API");
            var readers = Enumerable.Range(0, Subscribers).Select(i => $"crash-{i}@example.com").ToList();
            var import = await org.Owner.PostAsync(org.Api("/subscribers/import?consented=true"),
                new StringContent(string.Join("\n", readers), System.Text.Encoding.UTF8, "text/csv"));
            Assert.Equal(200, (int)import.StatusCode);

            await org.Declare(api);
            await smtp.Until(() => smtp.Mails.Count >= 300, 120);
            await first.Crash();
            var beforeCrash = smtp.Mails.Count;
            Assert.True(beforeCrash < Subscribers, $"The fan-out had finished ({beforeCrash} mails) before the kill.");

            second = await HostProcess.Start(LiveNode.SharedRedis, Settings("email-crash-b"));
            await smtp.Until(() => smtp.Mails.SelectMany(m => m.To).Distinct().Count() >= Subscribers, 240);
            // Every batch has recorded what it sent once the ledger holds every subscriber.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await database.Count("select count(*) from statuspage.mt_doc_emaildelivery") < Subscribers) await Task.Delay(100, timeout.Token);

            var received = smtp.Mails.SelectMany(m => m.To).GroupBy(to => to).ToDictionary(g => g.Key, g => g.Count());
            var duplicates = received.Values.Sum() - Subscribers;
            output.WriteLine($"{beforeCrash} mails before the kill; {Subscribers} subscribers all reached; {duplicates} duplicates (batch size {BatchSize}).");
            Assert.All(readers, r => Assert.True(received.ContainsKey(r), $"{r} got nothing"));
            Assert.InRange(duplicates, 0, BatchSize);
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null) await second.DisposeAsync();
        }
    }
}
