using Bunit;
using LabApp.Components.UI;
using LabApp.Core.Book;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Services;

namespace LabApp.Tests.Pages;

/// <summary>The book's texts and numbers as the pages show them: BookTask, BookNumbers and BookSection.</summary>
public sealed class BookComponentsTests : BunitContext, IAsyncLifetime
{
    public BookComponentsTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Render<MudPopoverProvider>();
    }

    [Fact]
    public void A_task_shows_the_books_about_instructions_with_their_lab_places_and_questions_open()
    {
        var task = BookTexts.Notebook.Task(1);

        var view = Render<BookTask>(p => p.Add(c => c.TaskNumber, 1).Add(c => c.Answers, ["My first answer"]));

        Assert.Contains("Multi-Class Sentiment Classifier with Custom Categories", view.Find(".book-task-heading").TextContent);
        Assert.Equal(task.About, view.Find(".book-about").TextContent);
        Assert.Equal(task.Instructions.Select(i => i.Text), view.FindAll(".book-instruction").Select(e => e.TextContent));
        Assert.Equal(task.Instructions.Select(i => $"In the lab: {i.InLab}"), view.FindAll(".book-in-lab").Select(e => e.TextContent));
        Assert.Contains("In the lab: Book: 6 levels preset (or Add label)", view.Markup);
        Assert.Equal(task.Questions.Select((q, i) => $"{i + 1}. {q}"), view.FindAll(".book-question").Select(e => e.TextContent));
        var boxes = view.FindAll(".book-answer textarea");
        Assert.Equal(3, boxes.Count);
        Assert.Equal("My first answer", boxes[0].GetAttribute("value") ?? boxes[0].TextContent);
        Assert.Equal(["3", "3", "3"], boxes.Select(b => b.GetAttribute("rows")));
        Assert.Empty(view.FindAll(".book-write-up"));
    }

    [Fact]
    public void Editing_a_write_up_box_raises_AnswerChanged_with_its_index_after_the_questions()
    {
        var changes = new List<(int Question, string Text)>();
        var view = Render<BookTask>(p => p
            .Add(c => c.TaskNumber, 4)
            .Add(c => c.AnswerChanged, EventCallback.Factory.Create<(int Question, string Text)>(this, changes.Add)));

        Assert.Equal("Reflection Questions", view.Find(".book-questions-heading").TextContent);
        Assert.Equal("TODO: Based on your error analysis, propose improvements", view.Find(".book-write-up").TextContent);
        Assert.Equal("5. Which edge cases failed most?", view.FindAll(".book-question")[4].TextContent);
        var boxes = view.FindAll(".book-answer textarea");
        Assert.Equal(6, boxes.Count);

        boxes[4].Input("Sarcasm, every time.");
        view.FindAll(".book-answer textarea")[1].Input("Shorter ones.");

        Assert.Equal([(4, "Sarcasm, every time."), (1, "Shorter ones.")], changes);
    }

    [Fact]
    public void The_task_is_drawn_again_when_its_answers_change_not_with_every_redraw_of_its_page()
    {
        var view = Render<BookTask>(p => p.Add(c => c.TaskNumber, 3).Add(c => c.Answers, ["They hedge."]));
        var drawn = view.RenderCount;

        // A threshold step redraws the page, which hands the task equal answers in a new list.
        view.Render(p => p.Add(c => c.Answers, ["They hedge."]));
        Assert.Equal(drawn, view.RenderCount);

        // (bUnit counts the fields' own renders too.)
        view.Render(p => p.Add(c => c.Answers, ["They hedge: kind of."]));
        Assert.True(view.RenderCount > drawn);
        var box = view.FindAll(".book-answer textarea")[0];
        Assert.Equal("They hedge: kind of.", box.GetAttribute("value") ?? box.TextContent);
    }

    [Theory]
    [InlineData(ChapterSection.TaskSpecific, "cardiffnlp/twitter-roberta-base-sentiment-latest", "0.80")]
    [InlineData(ChapterSection.ZeroShot, "sentence-transformers/all-mpnet-base-v2", "0.78")]
    [InlineData(ChapterSection.Llm, "gpt-3.5-turbo-0125", "0.91")]
    public void The_books_numbers_name_the_model_that_made_them(ChapterSection section, string model, string accuracy)
    {
        var view = Render<BookNumbers>(p => p.Add(c => c.Section, section));

        Assert.Equal($"The book's numbers · model {model} · printed in the notebook", view.Find(".book-chip").TextContent.Trim());
        Assert.Equal(accuracy, view.Find(".book-accuracy").TextContent);
        var rows = view.FindAll(".book-report-table tbody tr");
        Assert.Equal(["Negative Review", "Positive Review", "accuracy", "macro avg", "weighted avg"], rows.Select(r => r.QuerySelector("td")!.TextContent));
    }

    [Fact]
    public void The_task_specific_report_shows_its_printed_scores_to_two_decimals_with_support()
    {
        var view = Render<BookNumbers>(p => p.Add(c => c.Section, ChapterSection.TaskSpecific));

        var cells = view.FindAll(".book-report-table tbody tr")[0].QuerySelectorAll("td").Select(c => c.TextContent);
        Assert.Equal(["Negative Review", "0.76", "0.88", "0.81", "533"], cells);
        Assert.Equal("1066", view.FindAll(".book-report-table tbody tr")[2].QuerySelectorAll("td")[4].TextContent);
        Assert.Empty(view.FindAll(".book-setting"));
    }

    [Fact]
    public void Zero_shot_and_Flan_T5_numbers_say_their_labels_and_prompt()
    {
        var zeroShot = Render<BookNumbers>(p => p.Add(c => c.Section, ChapterSection.ZeroShot));
        var flanT5 = Render<BookNumbers>(p => p.Add(c => c.Section, ChapterSection.FlanT5));

        Assert.Equal("labels \"A negative review\", \"A positive review\" · test (1066)", zeroShot.Find(".book-setting").TextContent);
        Assert.StartsWith("prompt \"Is the following sentence positive or negative? \"", flanT5.Find(".book-setting").TextContent);
        Assert.Equal("", zeroShot.FindAll(".book-report-table tbody tr")[0].QuerySelectorAll("td")[4].TextContent);
    }

    [Theory]
    [InlineData(ChapterSection.TaskSpecific, "Using a Task-specific Model")]
    [InlineData(ChapterSection.Supervised, "Supervised Classification")]
    [InlineData(ChapterSection.ZeroShot, "Zero-shot Classification")]
    [InlineData(ChapterSection.FlanT5, "Classification with Generative Models: Encoder-decoder Models")]
    [InlineData(ChapterSection.Llm, "ChatGPT for Classification")]
    public void A_section_shows_the_books_explanation_under_its_heading(ChapterSection section, string heading)
    {
        var view = Render<BookSection>(p => p.Add(c => c.Section, section));

        Assert.Equal($"In the book: {heading}", view.Find(".book-section-heading").TextContent);
        Assert.Equal(BookExplanations.Of(section).Text, view.Find(".book-section-text").TextContent);
    }

    [Fact]
    public void Every_section_has_an_explanation_of_two_to_four_sentences()
    {
        Assert.Equal(Enum.GetValues<ChapterSection>(), BookExplanations.All.Select(e => e.Section));
        Assert.All(BookExplanations.All, e => Assert.InRange(System.Text.RegularExpressions.Regex.Split(e.Text, @"(?<=[.?!])\s+(?=[A-Z])").Length, 2, 4));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
