using LabApp.Core.Classifiers.Llm;

namespace LabApp.Tests.Llm;

/// <summary>How an endpoint is shown (never with its password) and which base URLs count as the lab's own endpoint.</summary>
public sealed class EndpointTextTests
{
    [Theory]
    [InlineData("http://user:secret@127.0.0.1:1/v1", "http://user:***@127.0.0.1:1/v1")]
    [InlineData("https://user:p%40ss@api.example.com/v1", "https://user:***@api.example.com/v1")]
    [InlineData("https://user:p@ss@api.example.com/v1", "https://user:***@api.example.com/v1")]
    [InlineData("https://token-as-user@api.example.com/v1", "https://***@api.example.com/v1")]
    [InlineData("http://user:secret@127.0.0.1:notaport/v1", "http://user:***@127.0.0.1:notaport/v1")]
    [InlineData("Could not reach http://user:secret@host/v1 (refused); also \"https://a:b@c\".", "Could not reach http://user:***@host/v1 (refused); also \"https://a:***@c\".")]
    [InlineData("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1")]
    [InlineData("write to support@example.com", "write to support@example.com")]
    public void A_password_in_any_url_is_hidden_and_the_rest_kept(string text, string shown)
    {
        Assert.Equal(shown, EndpointText.Redact(text));
    }

    [Fact]
    public void A_uri_is_shown_as_it_was_written_without_its_password()
    {
        Assert.Equal("http://user:***@127.0.0.1:1/v1", EndpointText.Redact(new Uri("http://user:secret@127.0.0.1:1/v1")));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/v1", true)]
    [InlineData("http://127.0.0.1:5000/v1/", true)]
    [InlineData(" HTTP://127.0.0.1:5000/v1 ", true)]
    [InlineData("http://127.0.0.1:5000/x/../v1", true)]
    [InlineData("http://127.0.0.1:5001/v1", false)]
    [InlineData("https://127.0.0.1:5000/v1", false)]
    [InlineData("http://127.0.0.2:5000/v1", false)]
    [InlineData("http://127.0.0.1:5000/V1", false)]
    [InlineData("http://127.0.0.1:5000/v1/chat", false)]
    [InlineData("http://127.0.0.1:5000/v1?route=elsewhere", false)]
    [InlineData("http://someone@127.0.0.1:5000/v1", false)]
    [InlineData("http://127.0.0.1:5000.evil.example/v1", false)]
    [InlineData("not a url", false)]
    public void Only_the_same_scheme_host_port_and_path_is_the_labs_endpoint(string baseUrl, bool isServer)
    {
        var server = new LlmServerEndpoint(new LlmSettings { BaseUrl = "http://127.0.0.1:5000/v1", ApiKey = "sk-test-SERVERKEY-5000" }, allowStudentEndpoints: true);

        Assert.Equal(isServer, server.Is(baseUrl));
    }

    [Fact]
    public void The_default_port_written_out_is_the_same_endpoint()
    {
        var server = new LlmServerEndpoint(new LlmSettings(), allowStudentEndpoints: true);

        Assert.True(server.Is("https://API.openai.com:443/v1/"));
        Assert.False(server.Is("http://api.openai.com/v1"));
    }

    [Fact]
    public void The_labs_endpoint_with_a_password_is_shown_without_it_and_its_shown_text_still_means_it()
    {
        var server = new LlmServerEndpoint(new LlmSettings { BaseUrl = "http://lab:instructor-pass@127.0.0.1:5000/v1" }, allowStudentEndpoints: true);

        Assert.Equal("http://lab:***@127.0.0.1:5000/v1", server.ShownBaseUrl);
        Assert.True(server.Is(server.ShownBaseUrl));
        Assert.DoesNotContain("instructor-pass", server.ToString());
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("true", true)]
    [InlineData(" False ", false)]
    [InlineData("false", false)]
    public void Student_endpoints_are_allowed_unless_the_setting_says_false(string? setting, bool allowed)
    {
        Assert.Equal(allowed, LlmServerEndpoint.AllowsStudentEndpoints(setting));
    }

    [Fact]
    public void A_setting_that_is_neither_true_nor_false_stops_with_what_to_write()
    {
        var error = Assert.Throws<ArgumentException>(() => LlmServerEndpoint.AllowsStudentEndpoints("no"));

        Assert.Equal("Lab:AllowStudentEndpoints (or LAB_ALLOW_STUDENT_ENDPOINTS) is \"no\": set it to true (students may use their own endpoints) or false (only the lab's).", error.Message);
    }

    [Fact]
    public void Settings_and_their_messages_never_show_a_password()
    {
        var settings = new LlmSettings { BaseUrl = "http://user:secret@127.0.0.1:1/v1", Model = "" };
        var unparsable = new LlmSettings { BaseUrl = "http://user:secret@127.0.0.1:notaport/v1" };

        Assert.Contains("BaseUrl = http://user:***@127.0.0.1:1/v1", settings.ToString());
        Assert.Contains("http://user:***@127.0.0.1:notaport/v1", unparsable.Validate());
        Assert.All([settings.ToString(), settings.Validate()!, unparsable.ToString(), unparsable.Validate()!], text => Assert.DoesNotContain("secret", text));
    }
}
