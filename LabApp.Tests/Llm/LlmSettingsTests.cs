using LabApp.Core.Classifiers.Llm;

namespace LabApp.Tests.Llm;

public sealed class LlmSettingsTests
{
    [Fact]
    public void Defaults_are_the_books()
    {
        var settings = new LlmSettings();

        Assert.Equal("https://api.openai.com/v1", settings.BaseUrl);
        Assert.Equal("gpt-3.5-turbo-0125", settings.Model);
        Assert.Equal(0f, settings.Temperature);
        Assert.Equal(4, settings.MaxConcurrency);
        Assert.Equal(5, settings.MaxRetries);
        Assert.Equal(0.50m, settings.InputDollarsPerMillionTokens);
        Assert.Equal(1.50m, settings.OutputDollarsPerMillionTokens);
        Assert.Equal("", settings.ApiKey);
        Assert.Null(settings.Validate());
    }

    [Fact]
    public void Environment_sets_base_url_and_key_and_blanks_fall_back()
    {
        var set = LlmSettings.FromVariables(name => name switch
        {
            "OPENAI_BASE_URL" => " http://127.0.0.1:8080/v1 ",
            "OPENAI_API_KEY" => "sk-from-env",
            _ => null,
        });
        var unset = LlmSettings.FromVariables(name => name == "OPENAI_BASE_URL" ? "  " : null);

        Assert.Equal("http://127.0.0.1:8080/v1", set.BaseUrl);
        Assert.Equal("sk-from-env", set.ApiKey);
        Assert.Equal(LlmSettings.DefaultBaseUrl, unset.BaseUrl);
        Assert.Equal("", unset.ApiKey);
    }

    [Theory]
    [InlineData("not a url", "is not an http(s) address")]
    [InlineData("ftp://127.0.0.1/v1", "is not an http(s) address")]
    public void A_bad_base_url_says_what_to_give(string baseUrl, string expected)
    {
        var problem = new LlmSettings { BaseUrl = baseUrl }.Validate();

        Assert.Contains(expected, problem);
        Assert.Contains("OPENAI_BASE_URL", problem);
    }

    [Fact]
    public void Each_bad_setting_gets_its_own_message()
    {
        Assert.Contains("model name is empty", new LlmSettings { Model = " " }.Validate());
        Assert.Contains("temperature is 3", new LlmSettings { Temperature = 3 }.Validate());
        Assert.Contains("at least 1 request", new LlmSettings { MaxConcurrency = 0 }.Validate());
        Assert.Contains("retries is -1", new LlmSettings { MaxRetries = -1 }.Validate());
        Assert.Contains("price is negative", new LlmSettings { InputDollarsPerMillionTokens = -1 }.Validate());
    }

    [Fact]
    public void The_classifier_refuses_bad_settings_with_the_same_message()
    {
        using var cache = new TemporaryCache();
        var settings = new LlmSettings { MaxConcurrency = 0 };

        var error = Assert.Throws<ArgumentException>(() => new LlmClassifier(settings, PromptTemplate.Book, cache.Cache));

        Assert.StartsWith(settings.Validate()!, error.Message);
    }

    [Fact]
    public void ToString_says_whether_a_key_is_set_but_never_prints_it()
    {
        var withKey = new LlmSettings { ApiKey = "sk-secret-value" };

        Assert.DoesNotContain("sk-secret-value", withKey.ToString());
        Assert.Contains("ApiKey = (set)", withKey.ToString());
        Assert.Contains("ApiKey = (none)", new LlmSettings().ToString());
        Assert.Contains("gpt-3.5-turbo-0125", withKey.ToString());
    }

    [Fact]
    public void The_book_template_is_the_books_text()
    {
        Assert.Equal(
            "Predict whether the following document is a positive or negative movie review:\n\n[DOCUMENT]\n\n" +
            "If it is positive return 1 and if it is negative return 0. Do not give any other answers.",
            PromptTemplate.Book.Text.ReplaceLineEndings("\n"));
        Assert.Equal(PromptTemplate.Book.Text.Replace("[DOCUMENT]", "Great."), PromptTemplate.Book.Fill("Great."));
    }

    [Theory]
    [InlineData("Is this review positive? Answer 1 or 0.", "has no [DOCUMENT]")]
    [InlineData("Review: [document]", "has no [DOCUMENT]")]
    [InlineData("   ", "prompt is empty")]
    public void A_template_without_the_placeholder_gets_a_clear_message(string text, string expected)
    {
        Assert.Contains(expected, PromptTemplate.Validate(text));
        var error = Assert.Throws<ArgumentException>(() => PromptTemplate.From(text));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_template_with_the_placeholder_fills_every_one()
    {
        var template = PromptTemplate.From("[DOCUMENT] — again: [DOCUMENT]");

        Assert.Equal("Fine. — again: Fine.", template.Fill("Fine."));
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("0", 0)]
    [InlineData(" 1\n", 1)]
    [InlineData("\t0 ", 0)]
    [InlineData("Positive!", null)]
    [InlineData("1.", null)]
    [InlineData("10", null)]
    [InlineData("", null)]
    public void Only_0_and_1_are_labels(string raw, int? expected)
    {
        Assert.Equal(expected, new LlmAnswer(raw, FromCache: false).Label);
    }

    [Fact]
    public void Backoff_doubles_with_jitter_and_stops_at_a_minute()
    {
        var second = TimeSpan.FromSeconds(1);

        Assert.Equal(TimeSpan.FromSeconds(0.5), RetryDelay.For(0, null, second, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(1), RetryDelay.For(0, null, second, jitter: 1));
        Assert.Equal(TimeSpan.FromSeconds(4), RetryDelay.For(3, null, second, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(6), RetryDelay.For(3, null, second, jitter: 0.5));
        Assert.Equal(TimeSpan.FromMinutes(1), RetryDelay.For(30, null, second, jitter: 1));
    }

    [Fact]
    public void Retry_after_wins_over_backoff_within_a_minute()
    {
        var second = TimeSpan.FromSeconds(1);

        Assert.Equal(TimeSpan.FromSeconds(7), RetryDelay.For(0, TimeSpan.FromSeconds(7), second, jitter: 0.3));
        Assert.Equal(TimeSpan.FromMinutes(1), RetryDelay.For(0, TimeSpan.FromHours(1), second, jitter: 0.3));
        Assert.Equal(TimeSpan.Zero, RetryDelay.For(0, TimeSpan.FromSeconds(-5), second, jitter: 0.3));
    }
}
