namespace LabApp.Core.Book;

/// <summary>What the chapter's section does, in a few sentences, under the notebook's heading.</summary>
/// <param name="Heading">The notebook's heading for the section, as "Zero-shot Classification".</param>
public sealed record BookExplanation(ChapterSection Section, string Heading, string Text);

/// <summary>
/// The chapter's sections explained in the notebook's own terms: its headings, tips and cells paraphrased, for a page
/// to show beside the lab's run of the same section.
/// </summary>
public static class BookExplanations
{
    public static IReadOnlyList<BookExplanation> All { get; } =
    [
        new(ChapterSection.TaskSpecific, "Using a Task-specific Model",
            "The book starts with a representation model that was already fine-tuned for sentiment, " +
            "cardiffnlp/twitter-roberta-base-sentiment-latest, loaded into a pipeline and run over the test split without " +
            "training on any of our reviews. For each review it keeps the negative and the positive score and predicts the " +
            "higher one. evaluate_performance prints scikit-learn's classification report of those predictions."),
        new(ChapterSection.Supervised, "Supervised Classification",
            "Classification that leverages embeddings: all-mpnet-base-v2 converts every training and test review into an " +
            "embedding (768 values), and the embedding model itself is never trained. A logistic regression is trained on " +
            "the train embeddings and their labels, then predicts the previously unseen test instances."),
        new(ChapterSection.Centroids, "Tip: no classifier at all",
            "What would happen if we did not use a classifier at all? The book averages the train embeddings of each label " +
            "into one target embedding per class, and gives each test review the class whose averaged embedding matches it " +
            "best by cosine similarity."),
        new(ChapterSection.ZeroShot, "Zero-shot Classification",
            "Without labeled data, the labels themselves are described in words and embedded: \"A negative review\" and " +
            "\"A positive review\". Each document gets the best matching label, the one whose embedding has the highest " +
            "cosine similarity with its own. The book's tip: use different descriptions, such as \"A very negative movie " +
            "review\" and \"A very positive movie review\", and see what happens."),
        new(ChapterSection.FlanT5, "Classification with Generative Models: Encoder-decoder Models",
            "google/flan-t5-small runs in a text2text-generation pipeline. Every review is put after the prompt " +
            "\"Is the following sentence positive or negative? \" and the model generates its answer as text; the answer " +
            "\"negative\" counts as 0 and anything else as 1."),
        new(ChapterSection.Llm, "ChatGPT for Classification",
            "gpt-3.5-turbo-0125 is called through OpenAI's client at temperature 0 with a prompt template: predict whether " +
            "the document, put in place of [DOCUMENT], is a positive or negative movie review, and return 1 or 0 and no " +
            "other answer. Running it over the whole test split calls the API once per review (1066 records), so the book " +
            "says to run it only when you have sufficient credits."),
    ];

    public static BookExplanation Of(ChapterSection section) => All.Single(e => e.Section == section);
}
