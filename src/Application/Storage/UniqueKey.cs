using Npgsql;

namespace StatusPage.Application.Storage;

public static class UniqueKey
{
    /// <summary>Whether a failure, however wrapped, is a duplicate key in the table: the mark of work that was already done.</summary>
    public static bool Violated(Exception e, string table) =>
        e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } duplicate && duplicate.TableName == table ||
        e.InnerException is { } inner && Violated(inner, table);
}
