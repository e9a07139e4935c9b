using StatusPage.Domain.Components;
using StatusPage.Domain.Monitors;
using StatusPage.Domain.Organizations;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Tests;

public sealed class MonitorRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly MonitorSettings Http = new(
        MonitorType.Http, "API health", 10, 5, 3, 2, ComponentStatus.PartialOutage, null, "https://example.com/health", "GET",
        new Dictionary<string, string>(), [], null, false, false, false, null, null);

    private static Component Api(bool monitorControl = true, ComponentStatus status = ComponentStatus.Operational)
    {
        var component = Component.Create(new ComponentAdded(Guid.NewGuid(), "API", null, null, 0, status, Now));
        if (monitorControl) component.Apply(new ComponentMonitorControlChanged(component.Id, true, Now));
        return component;
    }

    private static ComponentMonitor Monitor(Component component, MonitorSettings? settings = null) =>
        ComponentMonitor.Create(new MonitorAttached(Guid.NewGuid(), component.Id, settings ?? Http, null, Now));

    /// <summary>Results newest first, from a string like "xx.." (x failed, s slow, . passed), newest on the left.</summary>
    private static List<CheckResult> Results(string pattern) => pattern.Select((c, i) =>
        new CheckResult(Now.AddSeconds(-10 * i), c != 'x', c == 's', c == 's' ? 900 : 20, c == 'x' ? "status 503" : null)).ToList();

    [Theory]
    [InlineData("xxx", ComponentStatus.PartialOutage, 3)]
    [InlineData("xxxx..", ComponentStatus.PartialOutage, 4)]
    [InlineData("xx.", null, 0)]
    [InlineData("..xxx", ComponentStatus.Operational, 2)]
    [InlineData(".xxx", null, 0)]
    [InlineData("", null, 0)]
    public void N_failures_in_a_row_mean_the_down_status_and_M_successes_operational_with_nothing_said_in_between(
        string results, ComponentStatus? expected, int consecutive)
    {
        var verdict = MonitorRules.Judge(Http, Results(results));
        Assert.Equal(expected, verdict?.Status);
        if (verdict is not null) Assert.Equal(consecutive, verdict.Consecutive);
    }

    [Theory]
    [InlineData("sss", ComponentStatus.DegradedPerformance)]
    [InlineData("sxs", ComponentStatus.DegradedPerformance)]
    [InlineData("xxx", ComponentStatus.PartialOutage)]
    [InlineData("ss.", null)]
    [InlineData("..s", ComponentStatus.Operational)]
    public void Slow_answers_in_a_row_mean_degraded_performance_when_a_latency_threshold_is_set(string results, ComponentStatus? expected)
    {
        Assert.Equal(expected, MonitorRules.Judge(Http with { SlowMs = 500 }, Results(results))?.Status);
        Assert.NotEqual(ComponentStatus.DegradedPerformance, MonitorRules.Judge(Http, Results(results))?.Status);
    }

    [Fact]
    public void A_verdict_changes_the_status_with_the_monitor_as_source_and_the_deciding_check_as_evidence()
    {
        var api = Api();
        var monitor = Monitor(api);
        var change = MonitorRules.Decide(api, monitor, MonitorRules.Judge(Http, Results("xxx")), [], false, Now)!;
        Assert.Equal((ComponentStatus.Operational, ComponentStatus.PartialOutage, StatusSource.Monitor), (change.OldStatus, change.NewStatus, change.Source));
        Assert.Equal(new MonitorEvidence(monitor.Id, "API health", Now, false, 20, "status 503", 3), change.Evidence);
        api.Apply(change);
        Assert.True(api.MonitorControl);
        Assert.Null(MonitorRules.Decide(api, monitor, MonitorRules.Judge(Http, Results("xxxx")), [], false, Now));
    }

    [Fact]
    public void Monitors_stay_out_of_a_component_an_operator_or_incident_holds_or_an_open_incident_or_window_touches()
    {
        var verdict = MonitorRules.Judge(Http, Results("xxx"));
        var held = Api(monitorControl: false);
        Assert.Null(MonitorRules.Decide(held, Monitor(held), verdict, [], false, Now));
        var api = Api();
        Assert.Null(MonitorRules.Decide(api, Monitor(api), verdict, [], heldByIncidentOrMaintenance: true, Now));

        foreach (var source in new[] { StatusSource.Operator, StatusSource.Incident })
        {
            var taken = Api();
            taken.Apply(new ComponentStatusChanged(taken.Id, ComponentStatus.Operational, ComponentStatus.MajorOutage, source, null, Now));
            Assert.False(taken.MonitorControl);
        }

        // A window stands the monitors aside only while it is under way: when it ends they go on by themselves.
        var maintained = Api();
        maintained.Apply(new ComponentStatusChanged(maintained.Id, ComponentStatus.Operational, ComponentStatus.UnderMaintenance,
            StatusSource.Maintenance, null, Now));
        maintained.Apply(new ComponentStatusChanged(maintained.Id, ComponentStatus.UnderMaintenance, ComponentStatus.Operational,
            StatusSource.Maintenance, null, Now));
        Assert.True(maintained.MonitorControl);
    }

    [Fact]
    public void With_several_monitors_the_worst_verdict_stands()
    {
        var api = Api(status: ComponentStatus.MajorOutage);
        var recovered = MonitorRules.Judge(Http, Results(".."));
        var stillDown = MonitorRules.Judge(Http with { DownStatus = ComponentStatus.DegradedPerformance }, Results("xxx"));
        Assert.Equal(ComponentStatus.DegradedPerformance, MonitorRules.Decide(api, Monitor(api), recovered, [stillDown, null], false, Now)!.NewStatus);
        Assert.Equal(ComponentStatus.Operational, MonitorRules.Decide(api, Monitor(api), recovered, [null], false, Now)!.NewStatus);
    }

    [Fact]
    public void Attaching_hands_the_component_to_its_monitors_and_an_operator_can_hand_it_back_but_not_while_setting_a_status()
    {
        var held = Api(monitorControl: false);
        var attached = MonitorRules.Attach(Guid.NewGuid(), held, Http, null, "secret", Now);
        Assert.Equal([typeof(MonitorAttached), typeof(ComponentMonitorControlChanged)], attached.Events.Select(e => e.GetType()));
        Assert.Null(((MonitorAttached)attached.Events[0]).HeartbeatSecret);
        Assert.Single(MonitorRules.Attach(Guid.NewGuid(), Api(), Http, null, "secret", Now).Events);
        Assert.Equal("secret", ((MonitorAttached)MonitorRules.Attach(Guid.NewGuid(), Api(), Http with { Type = MonitorType.Heartbeat }, null, "secret", Now).Events[0]).HeartbeatSecret);

        var back = ComponentRules.Change(held, new ComponentChanges(MonitorControl: true), false, Now);
        Assert.Equal(new ComponentMonitorControlChanged(held.Id, true, Now), Assert.Single(back.Events));
        Assert.False(ComponentRules.Change(held, new ComponentChanges(Status: ComponentStatus.MajorOutage, MonitorControl: true), false, Now).Accepted);
        var api = Api();
        Assert.IsType<ComponentStatusChanged>(Assert.Single(ComponentRules.Change(api, new ComponentChanges(Status: ComponentStatus.MajorOutage, MonitorControl: false), false, Now).Events));
        Assert.Empty(ComponentRules.Change(api, new ComponentChanges(MonitorControl: true), false, Now).Events);
    }

    public static TheoryData<MonitorSettings, string?, string> Invalid => new()
    {
        { Http with { IntervalSeconds = 9 }, null, "intervalSeconds" },
        { Http with { TimeoutSeconds = 10 }, null, "timeoutSeconds" },
        { Http with { FailuresBeforeDown = 0 }, null, "failuresBeforeDown" },
        { Http with { SuccessesBeforeUp = 101 }, null, "successesBeforeUp" },
        { Http with { DownStatus = ComponentStatus.UnderMaintenance }, null, "downStatus" },
        { Http with { SlowMs = 5_000 }, null, "slowMs" },
        { Http, "resolves to an address that is not public", "'url'" },
        { Http with { Method = "BREW" }, null, "method" },
        { Http with { Headers = new Dictionary<string, string> { ["Bad Header"] = "x" } }, null, "headers" },
        { Http with { ExpectedStatus = [99] }, null, "expectedStatus" },
        { Http with { Keyword = "[", KeywordIsRegex = true }, null, "regular expression" },
        { Http with { KeywordAbsent = true }, null, "keywordAbsent" },
        { Http with { Type = MonitorType.Tcp, Host = "db", Port = 0 }, null, "port" },
        { Http with { Type = MonitorType.Heartbeat, SlowMs = 100 }, null, "slowMs" },
        { Http with { Name = "" }, null, "name" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Impossible_settings_are_refused(MonitorSettings settings, string? targetProblem, string mentioned)
    {
        var outcome = MonitorRules.Attach(Guid.NewGuid(), Api(), settings, targetProblem, "s", Now);
        Assert.Equal(RejectionKind.Invalid, outcome.Rejection?.Kind);
        Assert.Contains(mentioned, outcome.Rejection!.Detail);
    }

    [Fact]
    public void A_monitor_keeps_its_type_and_needs_an_existing_component()
    {
        var api = Api();
        var monitor = Monitor(api);
        Assert.False(MonitorRules.Change(monitor, Http with { Type = MonitorType.Tcp, Host = "db", Port = 5432 }, null, Now).Accepted);
        Assert.Empty(MonitorRules.Change(monitor, Http, null, Now).Events);
        var headers = Http with { Headers = new Dictionary<string, string> { ["Accept"] = "text/plain" }, ExpectedStatus = [200, 204] };
        monitor.Apply((MonitorChanged)MonitorRules.Change(monitor, headers, null, Now).Events[0]);
        Assert.Empty(MonitorRules.Change(monitor, headers with { Headers = new Dictionary<string, string>(headers.Headers), ExpectedStatus = [200, 204] }, null, Now).Events);
        Assert.Single(MonitorRules.Change(monitor, headers with { ExpectedStatus = [204, 200] }, null, Now).Events);
        Assert.IsType<MonitorChanged>(Assert.Single(MonitorRules.Change(monitor, Http with { IntervalSeconds = 30 }, null, Now).Events));
        monitor.Apply((MonitorRemoved)MonitorRules.Remove(monitor, Now).Events[0]);
        Assert.Equal(RejectionKind.NotFound, MonitorRules.Remove(monitor, Now).Rejection?.Kind);
        Assert.False(MonitorRules.Attach(Guid.NewGuid(), null, Http, null, "s", Now).Accepted);
    }

    [Fact]
    public void A_day_below_the_threshold_raises_one_alert_and_a_clean_or_empty_day_none()
    {
        var api = Api();
        var date = new DateOnly(2026, 11, 1);
        var bad = new UptimeDay(date, ComponentStatus.MajorOutage, 99.5, TimeSpan.FromDays(1), TimeSpan.FromMinutes(7.2), TimeSpan.Zero);
        var alert = Assert.IsType<UptimeAlertRaised>(Assert.Single(UptimeAlerts.Raise(api, bad, UptimeAlerts.DefaultThreshold, Now).Events));
        Assert.Equal((date, 99.5, 99.9), (alert.Day, alert.Percent, alert.Threshold));
        api.Apply(alert);
        Assert.Empty(UptimeAlerts.Raise(api, bad, UptimeAlerts.DefaultThreshold, Now).Events);
        Assert.Single(UptimeAlerts.Raise(api, bad with { Date = date.AddDays(1) }, UptimeAlerts.DefaultThreshold, Now).Events);
        Assert.Empty(UptimeAlerts.Raise(Api(), bad with { Percent = 100 }, UptimeAlerts.DefaultThreshold, Now).Events);
        Assert.Empty(UptimeAlerts.Raise(Api(), bad with { Percent = 99.5 }, 99, Now).Events);
        Assert.Empty(UptimeAlerts.Raise(Api(), bad with { Percent = null }, UptimeAlerts.DefaultThreshold, Now).Events);
    }

    [Fact]
    public void The_threshold_is_an_organization_setting_between_0_and_100()
    {
        var organization = Organization.Create(new OrganizationCreated(Guid.NewGuid(), "Acme", "acme", "UTC", Now));
        Assert.Equal(99.9, organization.UptimeAlertThreshold);
        var changed = OrganizationRules.Change(organization, new OrganizationChanges(UptimeAlertThreshold: 99), false, false, Now);
        Assert.Equal(new OrganizationUptimeAlertThresholdChanged(organization.Id, 99.9, 99, Now), Assert.Single(changed.Events));
        Assert.False(OrganizationRules.Change(organization, new OrganizationChanges(UptimeAlertThreshold: 0), false, false, Now).Accepted);
        Assert.False(OrganizationRules.Change(organization, new OrganizationChanges(UptimeAlertThreshold: 100.1), false, false, Now).Accepted);
    }

    [Theory]
    [InlineData("https://a.example/x", "http://a.example/y", false)]
    [InlineData("https://a.example/x", "ftp://a.example/y", false)]
    [InlineData("http://a.example/x", "https://b.example/y", true)]
    [InlineData("https://a.example/x", "https://b.example/y", true)]
    public void A_redirect_is_followed_to_http_or_https_but_never_down_from_https(string from, string to, bool followed) =>
        Assert.Equal(followed, MonitorRules.RedirectProblem(new Uri(from), new Uri(to)) is null);

    [Theory]
    [InlineData("https://a.example/x", "https://A.example:443/y", true)]
    [InlineData("https://a.example/x", "https://a.example:8443/x", false)]
    [InlineData("https://a.example/x", "http://a.example/x", false)]
    [InlineData("https://a.example/x", "https://b.a.example/x", false)]
    public void The_origin_is_scheme_host_and_port(string a, string b, bool same) =>
        Assert.Equal(same, MonitorRules.SameOrigin(new Uri(a), new Uri(b)));
}
