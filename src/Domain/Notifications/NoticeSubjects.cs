namespace StatusPage.Domain.Notifications;

/// <summary>What kind of stream a notice's subject is.</summary>
public enum NoticeSubject
{
    Incident,
    Component,
    Maintenance
}

public static class NoticeSubjects
{
    public static NoticeSubject Subject(this NoticeType type) => type switch
    {
        NoticeType.IncidentCreated or NoticeType.IncidentUpdated or NoticeType.IncidentResolved or NoticeType.IncidentPostmortem => NoticeSubject.Incident,
        NoticeType.ComponentStatusChanged or NoticeType.ComponentUptimeAlert => NoticeSubject.Component,
        _ => NoticeSubject.Maintenance
    };
}
