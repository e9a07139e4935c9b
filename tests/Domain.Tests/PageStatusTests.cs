using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Pages;

namespace StatusPage.Domain.Tests;

public sealed class PageStatusTests
{
    private static StatusIndicator Of(params ComponentStatus[] components) => PageStatus.Indicator(components, []);

    [Fact]
    public void Components_set_the_indicator_by_their_worst_status()
    {
        Assert.Equal(StatusIndicator.None, Of(ComponentStatus.Operational, ComponentStatus.Operational));
        Assert.Equal(StatusIndicator.None, Of());
        Assert.Equal(StatusIndicator.Maintenance, Of(ComponentStatus.Operational, ComponentStatus.UnderMaintenance));
        Assert.Equal(StatusIndicator.Minor, Of(ComponentStatus.UnderMaintenance, ComponentStatus.DegradedPerformance));
        Assert.Equal(StatusIndicator.Major, Of(ComponentStatus.DegradedPerformance, ComponentStatus.PartialOutage));
    }

    [Fact]
    public void A_major_outage_is_critical_when_it_takes_half_the_components_or_more()
    {
        Assert.Equal(StatusIndicator.Major, Of(ComponentStatus.MajorOutage, ComponentStatus.Operational, ComponentStatus.Operational));
        Assert.Equal(StatusIndicator.Critical, Of(ComponentStatus.MajorOutage, ComponentStatus.Operational));
        Assert.Equal(StatusIndicator.Critical, Of(ComponentStatus.MajorOutage));
    }

    [Fact]
    public void An_open_incident_raises_the_indicator_to_at_least_its_impact()
    {
        Assert.Equal(StatusIndicator.Critical, PageStatus.Indicator([ComponentStatus.Operational], [IncidentImpact.Minor, IncidentImpact.Critical]));
        Assert.Equal(StatusIndicator.Major, PageStatus.Indicator([ComponentStatus.PartialOutage], [IncidentImpact.Minor]));
        Assert.Equal(StatusIndicator.Minor, PageStatus.Indicator([ComponentStatus.UnderMaintenance], [IncidentImpact.Minor]));
        Assert.Equal(StatusIndicator.None, PageStatus.Indicator([ComponentStatus.Operational], [IncidentImpact.None]));
    }

    [Theory]
    [InlineData(StatusIndicator.None, "All Systems Operational")]
    [InlineData(StatusIndicator.Minor, "Partially Degraded Service")]
    [InlineData(StatusIndicator.Major, "Partial System Outage")]
    [InlineData(StatusIndicator.Critical, "Major System Outage")]
    [InlineData(StatusIndicator.Maintenance, "Service Under Maintenance")]
    public void Indicators_are_described_in_statuspage_words(StatusIndicator indicator, string description) =>
        Assert.Equal(description, PageStatus.Describe(indicator));

    [Fact]
    public void A_group_shows_the_worst_status_of_its_components()
    {
        Assert.Equal(ComponentStatus.Operational, PageStatus.Worst([]));
        Assert.Equal(ComponentStatus.UnderMaintenance, PageStatus.Worst([ComponentStatus.Operational, ComponentStatus.UnderMaintenance]));
        Assert.Equal(ComponentStatus.DegradedPerformance, PageStatus.Worst([ComponentStatus.UnderMaintenance, ComponentStatus.DegradedPerformance]));
        Assert.Equal(ComponentStatus.MajorOutage,
            PageStatus.Worst([ComponentStatus.PartialOutage, ComponentStatus.MajorOutage, ComponentStatus.DegradedPerformance]));
    }
}
