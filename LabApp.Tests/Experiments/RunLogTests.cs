using LabApp.Core.Experiments;
using LabApp.Core.Storage;

namespace LabApp.Tests.Experiments;

public sealed class RunLogTests
{
    private static string NewLogFile() => Path.Combine(TestFolders.Create("runlog"), "runs.sqlite");

    private static RunRecord Record(string page, string parameters, double accuracy = 0.8) =>
        new(0, new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero), page, "supervised", "sentence-transformers/all-MiniLM-L6-v2",
            parameters, accuracy, 0.79, 0.78, 1066, TimeSpan.FromSeconds(1.5));

    [Fact]
    public void A_new_instance_on_the_same_file_sees_the_runs_of_the_old_one()
    {
        var file = NewLogFile();
        var first = new RunLog(file).Add(Record("supervised", "train=all"));
        new RunLog(file).Add(Record("zero-shot", "labels=a|b", 0.7));

        var restarted = new RunLog(file).Find();

        Assert.Equal(2, restarted.Count);
        Assert.Equal("zero-shot", restarted[0].Page);
        Assert.Equal(first, restarted[1]);
    }

    [Fact]
    public void Find_filters_on_page_method_model_and_parameters_ignoring_case()
    {
        var log = new RunLog(NewLogFile());
        log.Add(Record("supervised", "train=500"));
        log.Add(Record("zero-shot", "labels=\"A very negative review\""));

        Assert.Equal("zero-shot", Assert.Single(log.Find("VERY")).Page);
        Assert.Equal(2, log.Find("minilm").Count);
        Assert.Equal(2, log.Find("  ").Count);
        Assert.Empty(log.Find("mpnet"));
    }

    [Fact]
    public void Csv_quotes_fields_with_commas_quotes_and_line_breaks_and_doubles_their_quotes()
    {
        var log = new RunLog(NewLogFile());
        log.Add(Record("zero-shot", "labels=\"bad, really\" | \"good\"\nsecond line"));

        var lines = RunLog.ToCsv(log.Find()).Split("\r\n");

        Assert.Equal("id,time,page,method,model,parameters,accuracy,macro_f1,weighted_f1,test_reviews,seconds", lines[0]);
        Assert.Equal(
            "1,2026-11-26 09:30:00 +00:00,zero-shot,supervised,sentence-transformers/all-MiniLM-L6-v2,\"labels=\"\"bad, really\"\" | \"\"good\"\"\nsecond line\",0.8000,0.7900,0.7800,1066,1.5",
            lines[1]);
        Assert.Equal("", lines[2]);
    }

    [Fact]
    public void Markdown_escapes_pipes_so_every_run_stays_one_row()
    {
        var log = new RunLog(NewLogFile());
        log.Add(Record("zero-shot", "labels=a | b"));

        var lines = RunLog.ToMarkdown(log.Find()).TrimEnd('\n').Split('\n');

        Assert.Equal(3, lines.Length);
        Assert.StartsWith("| id | time |", lines[0]);
        Assert.Contains("labels=a \\| b", lines[2]);
        Assert.Equal(lines[0].Count(c => c == '|'), lines[2].Replace("\\|", "").Count(c => c == '|'));
    }

    [Fact]
    public void Subscribers_hear_of_new_runs_until_they_unsubscribe()
    {
        var log = new RunLog(NewLogFile());
        var heard = 0;
        var subscription = log.NotifyOnChange(() => heard++);
        log.Add(Record("supervised", "a"));
        subscription.Dispose();
        log.Add(Record("supervised", "b"));

        Assert.Equal(1, heard);
    }
}
