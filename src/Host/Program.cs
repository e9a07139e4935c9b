using JasperFx;
using JasperFx.CodeGeneration;
using Scalar.AspNetCore;
using StatusPage.Application;
using StatusPage.Application.Access;
using StatusPage.Application.Health;
using StatusPage.Application.Http;
using StatusPage.Host.Configuration;
using StatusPage.Host.Demo;
using Wolverine;
using Wolverine.Http;

var builder = WebApplication.CreateBuilder(args);
OperatorEnvironment.Apply(builder.Configuration);

builder.Services.AddStatusPage(OperatorEnvironment.Settings(builder.Configuration));
builder.Services.AddDemoOrganization(builder.Configuration);
builder.Services.AddOpenApi();
builder.Services.AddWolverineHttp();
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);
builder.Host.UseWolverine(options =>
{
    options.UseStatusPage();
    // Development compiles handlers on the fly; everywhere else runs the committed `codegen write` output.
    options.CodeGeneration.TypeLoadMode = builder.Environment.IsDevelopment() ? TypeLoadMode.Dynamic : TypeLoadMode.Static;
});

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBodyLimit();
app.UseAuthentication();
app.UseAuthorization();
app.MapOpenApi();
app.MapScalarApiReference("/api/reference");
app.MapStatusPageHealth();
app.MapWolverineEndpoints(options =>
{
    options.TenantId.IsClaimTypeNamed(StatusPageClaims.Organization);
    options.RejectUnparseableQueryValues = true;
});

return await app.RunJasperFxCommands(args);

/// <summary>Lets test hosts find the application's entry point.</summary>
public partial class Program;
