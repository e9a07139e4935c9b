namespace StatusPage.Application.Http;

/// <summary>
/// The <c>page</c> of a listing: from 1 to the last page whose rows an SQL offset can still reach (past it the
/// offset would overflow and wrap round to another page or a negative offset).
/// </summary>
public static class Paging
{
    public static bool TryNumber(int? page, int pageSize, out int number, out IResult refusal)
    {
        number = page ?? 1;
        var last = int.MaxValue / pageSize;
        refusal = Problems.Invalid($"'page' must be from 1 to {last}.");
        return number >= 1 && number <= last;
    }
}
