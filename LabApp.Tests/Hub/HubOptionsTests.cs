using LabApp.Core.Hub;

namespace LabApp.Tests.Hub;

public sealed class HubOptionsTests
{
    [Fact]
    public void FromEnvironment_FindsTheCacheAsHuggingfaceHubDoes()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        Assert.Equal("/hub-cache", Read(("HF_HUB_CACHE", "/hub-cache"), ("HF_HOME", "/hf-home")).CacheDirectory);
        Assert.Equal(Path.Combine("/hf-home", "hub"), Read(("HF_HOME", "/hf-home"), ("XDG_CACHE_HOME", "/xdg")).CacheDirectory);
        Assert.Equal(Path.Combine("/xdg", "huggingface", "hub"), Read(("XDG_CACHE_HOME", "/xdg")).CacheDirectory);
        Assert.Equal(Path.Combine(home, ".cache", "huggingface", "hub"), Read().CacheDirectory);
    }

    [Fact]
    public void FromEnvironment_ReadsEndpointAndToken()
    {
        var options = Read(("HF_ENDPOINT", "http://127.0.0.1:8080"), ("HF_TOKEN", " hf_secret\n"));

        Assert.Equal(new Uri("http://127.0.0.1:8080"), options.Endpoint);
        Assert.Equal("hf_secret", options.Token);
        Assert.Equal(HubOptions.DefaultEndpoint, Read().Endpoint);
        Assert.Null(Read(("HF_TOKEN", "")).Token);
    }

    [Theory]
    [InlineData("huggingface.co")]
    [InlineData("ftp://mirror.example")]
    [InlineData("http://")]
    public void FromEnvironment_SaysWhatIsWrongWithHfEndpoint(string value)
    {
        var error = Assert.Throws<HubException>(() => Read(("HF_ENDPOINT", value)));

        Assert.Equal($"HF_ENDPOINT is '{value}', which is not an absolute http(s) URL: set it like https://huggingface.co/, or leave it out to use that hub.", error.Message);
    }

    [Fact]
    public void FromEnvironment_NamesTheCommandLineOptionWhenItIsTheBadEndpoint()
    {
        var error = Assert.Throws<HubException>(() =>
            HubOptions.FromEnvironment(name => name == "HF_ENDPOINT" ? "http://127.0.0.1:8080" : null, commandLineEndpoint: "127.0.0.1:8080"));

        Assert.StartsWith("--hub-endpoint is '127.0.0.1:8080', which is not an absolute http(s) URL", error.Message);
        Assert.DoesNotContain("HF_ENDPOINT", error.Message);
    }

    [Fact]
    public void FromEnvironment_PrefersTheCommandLineEndpoint() =>
        Assert.Equal(
            new Uri("http://127.0.0.1:9000"),
            HubOptions.FromEnvironment(name => name == "HF_ENDPOINT" ? "not a url" : null, commandLineEndpoint: "http://127.0.0.1:9000").Endpoint);

    [Fact]
    public void ToString_HidesTheToken()
    {
        var text = new HubOptions(HubOptions.DefaultEndpoint, "/cache", "hf_secret").ToString();

        Assert.DoesNotContain("hf_secret", text);
        Assert.Contains("Token = set (hidden)", text);
    }

    private static HubOptions Read(params (string Name, string Value)[] variables) =>
        HubOptions.FromEnvironment(name => variables.FirstOrDefault(v => v.Name == name).Value);
}
