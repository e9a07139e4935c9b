namespace StatusPage.Application.Http;

/// <summary>
/// The <c>page</c> of a listing: from 1 to the last page whose rows an SQL offset can still reach (past it the
/// offset would overflow and wrap round to another page or a negative offset); and its status filter.
/// </summary>
public static class Paging
{
    public static bool TryNumber(int? page, int pageSize, out int number, out IResult refusal)
    {
        number = page ?? 1;
        var last = int.MaxValue / pageSize;
        refusal = Problems.Invalid("page", $"'page' must be from 1 to {last}.");
        return number >= 1 && number <= last;
    }

    /// <summary>A status filter of a listing as clients write it (<c>in_progress</c>); numbers are no status words.</summary>
    public static bool TryStatus<TStatus>(string text, out TStatus status) where TStatus : struct, Enum =>
        Enum.TryParse(text.Replace("_", ""), ignoreCase: true, out status) && !int.TryParse(text, out _);
}
