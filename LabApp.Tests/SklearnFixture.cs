using System.Text.Json;

namespace LabApp.Tests;

/// <summary>Reads the JSON fixtures written by <c>tools/reference/make_sklearn_fixtures.py</c> (snake_case keys).</summary>
internal static class SklearnFixture
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static T Load<T>(string name) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(RepositoryPaths.Fixture(name)), Options)
        ?? throw new InvalidDataException($"Fixture {name} is empty.");

    /// <summary>A matrix stored as base64 of little-endian float32, so the exact values scikit-learn saw.</summary>
    public static float[] Float32(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
