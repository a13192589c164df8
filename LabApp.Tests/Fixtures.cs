using System.Text.Json;

namespace LabApp.Tests;

/// <summary>Reads the reference fixtures that tools/reference/ made with numpy, sklearn and a numpy ONNX interpreter.</summary>
internal static class Fixtures
{
    public static JsonElement Load(string name) => JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Fixture(name))).RootElement;
}
