using System.Text.Json;
using System.Text.Json.Serialization;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Tests;

public sealed class StatusWordsTests
{
    private static readonly JsonSerializerOptions Api = new() { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } };

    [Fact]
    public void A_status_reads_as_a_sentence_start_for_people_and_as_the_apis_word_for_machines()
    {
        Assert.Equal("Major outage", StatusWords.Text(ComponentStatus.MajorOutage));
        Assert.Equal("Investigating", StatusWords.Text(IncidentStatus.Investigating));
        Assert.Equal("under_maintenance", StatusWords.Wire(ComponentStatus.UnderMaintenance));
        AssertWireIsJson<ComponentStatus>();
        AssertWireIsJson<IncidentStatus>();
        AssertWireIsJson<IncidentImpact>();
        AssertWireIsJson<MaintenanceStatus>();
    }

    private static void AssertWireIsJson<T>() where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            Assert.Equal(JsonSerializer.Serialize(value, Api).Trim('"'), StatusWords.Wire(value));
            Assert.Equal(StatusWords.Wire(value).Replace('_', ' '), StatusWords.Text(value).ToLowerInvariant());
        }
    }
}
