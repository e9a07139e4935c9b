using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using StatusPage.Host.Dashboard;

namespace StatusPage.Integration.Tests.Dashboard;

/// <summary>How a dashboard form's fields become the JSON body of its API call.</summary>
public sealed class FormJsonTests
{
    private static string Json(params (string Key, string[] Values)[] fields) =>
        FormJson.Convert(new FormCollection(fields.ToDictionary(f => f.Key, f => new StringValues(f.Values)))).ToJsonString();

    [Fact]
    public void Field_names_give_the_shape_and_type()
    {
        var component = Guid.NewGuid();
        Assert.Equal(
            $$"""{"name":"API","position":3,"notify":true,"groupId":null,"components":{"{{component}}":"major_outage"},"ids":["a","b"],"scheduledFor":"2026-11-28T10:30:00Z","threshold":99.5}""",
            Json(("name", ["API"]), ("position:int", ["3"]), ("notify:bool", ["false", "true"]), ("groupId:null", [""]),
                ($"components.{component}", ["major_outage"]), ("ids[]", ["a", "", "b"]), ("scheduledFor:utc", ["2026-11-28T10:30"]), ("threshold:number", ["99.5"])));
    }

    [Fact]
    public void Steering_fields_and_empty_typed_or_nested_values_are_left_out_and_what_does_not_parse_goes_on_as_text() =>
        Assert.Equal("""{"description":"","position":"three"}""",
            Json(("_return", ["/dashboard"]), ("__RequestVerificationToken", ["x"]), ("description", [""]), ("impact:int", [""]),
                ($"components.{Guid.NewGuid()}", [""]), ("position:int", ["three"])));

    [Theory]
    [InlineData("""{"detail":"'name' is required and cannot be empty.","errors":{"name":["'name' is required and cannot be empty."]}}""", "name")]
    [InlineData("""{"detail":"Unknown component(s): 1.","errors":{"components":["Unknown component(s): 1."]}}""", "components")]
    [InlineData("""{"detail":"'name' is taken, but this answer names no field."}""", null)]
    public void A_refusal_is_placed_by_the_field_its_errors_name_never_by_its_wording(string body, string? field)
    {
        var state = FormState.From(new FormCollection(new Dictionary<string, StringValues> { ["_form"] = "f" }), 400, System.Text.Json.Nodes.JsonNode.Parse(body));
        Assert.Equal((field, System.Text.Json.Nodes.JsonNode.Parse(body)!["detail"]!.GetValue<string>()), (state.Field, state.Error));
    }
}
