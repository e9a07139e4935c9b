using System.Reflection;
using Marten;
using StatusPage.Host.Demo;

namespace StatusPage.Integration.Tests;

/// <summary>
/// The host renders and wires; what it shows is read by query functions beside the read models (Projections, or
/// Application where they need its services). A host type that takes, keeps or is handed a Marten session or store
/// is reading on its own, so every type of the host assembly is looked at, compiler-generated ones too: lambdas'
/// closures and parameters (minimal-API handlers), what methods return, and async methods' state machines, which keep as fields the
/// locals that live across an await.
/// </summary>
public sealed class ReadSideTests
{
    private static readonly Type[] Marten = [typeof(IQuerySession), typeof(IDocumentSession), typeof(IDocumentStore)];

    /// <summary>
    /// Wiring, not reading: Wolverine's pre-generated handlers open the sessions Application's endpoints and handlers
    /// ask for; the demo organization is written through the store at start-up, as no operator could write it.
    /// </summary>
    private static bool Wiring(Type type) =>
        type.Namespace?.StartsWith("Internal.Generated", StringComparison.Ordinal) == true || Outermost(type) == typeof(DemoOrganization);

    [Fact]
    public void No_host_type_but_the_wiring_holds_a_marten_session_or_store()
    {
        var readers = typeof(Program).Assembly.GetTypes().Where(t => !Wiring(t))
            .SelectMany(t => Uses(t).Select(use => $"{t.FullName}: {use}")).ToList();
        Assert.True(readers.Count == 0,
            "These read Marten from the host; move the query beside its read model and pass the host its result:\n" + string.Join("\n", readers));
    }

    private static IEnumerable<string> Uses(Type type)
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var field in type.GetFields(declared).Where(f => Holds(f.FieldType))) yield return $"field {field.Name}";
        foreach (var property in type.GetProperties(declared).Where(p => Holds(p.PropertyType))) yield return $"property {property.Name}";
        foreach (var method in type.GetMethods(declared).Where(m => Holds(m.ReturnType))) yield return $"method {method.Name} returns one";
        foreach (var method in type.GetMethods(declared).Cast<MethodBase>().Concat(type.GetConstructors(declared)))
        foreach (var parameter in method.GetParameters().Where(p => Holds(p.ParameterType)))
            yield return $"parameter {parameter.Name} of {method.Name}";
    }

    /// <summary>The type itself, or one it is built of: <c>Task&lt;IQuerySession&gt;</c>, a tuple, a <c>Func&lt;IDocumentSession, …&gt;</c>.</summary>
    private static bool Holds(Type type) =>
        Marten.Any(m => m.IsAssignableFrom(type))
        || type.HasElementType && Holds(type.GetElementType()!)
        || type.IsGenericType && type.GetGenericArguments().Any(Holds);

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;
}
