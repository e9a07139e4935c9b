// Every use-case slice speaks HTTP through Wolverine, reads and writes through Marten, and is guarded by the same
// access rules.
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Http;
global using StatusPage.Application.Access;
global using StatusPage.Application.Http;
global using Wolverine.Http;
global using Marten;
global using Wolverine.Marten;
