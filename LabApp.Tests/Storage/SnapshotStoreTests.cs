using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using LabApp.Core.Storage;

namespace LabApp.Tests.Storage;

public sealed class SnapshotStoreTests
{
    private static string NewFile() => Path.Combine(TestFolders.Create("snapshots"), "links.sqlite");

    [Fact]
    public void A_shared_state_comes_back_from_a_new_store_on_the_same_file()
    {
        var file = NewFile();
        const string state = """{ "Page": "/medium/confidence", "Inputs": { "Threshold": 0.3, "Reviews": ["Très bien ½ — 🎬", "dull"] } }""";

        var saved = new SnapshotStore(file).Save(state);

        Assert.Null(saved.Problem);
        var id = Assert.IsType<string>(saved.Id);
        Assert.Equal(16, id.Length);
        // Accents and symbols stay as they are; System.Text.Json escapes characters beyond the BMP, such as emoji.
        Assert.Equal("""{"Inputs":{"Reviews":["Très bien ½ — \uD83C\uDFAC","dull"],"Threshold":0.3},"Page":"/medium/confidence"}""", new SnapshotStore(file).Load(id));
    }

    [Fact]
    public void The_id_is_base64url_of_the_first_12_bytes_of_the_sha256_of_the_canonical_json()
    {
        var store = new SnapshotStore(NewFile());

        var id = store.Save("""{"b": [1, {"d": 2, "c": 3}], "a": "x"}""").Id;

        const string canonical = """{"a":"x","b":[1,{"c":3,"d":2}]}""";
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))[..12]), id);
        Assert.Equal(id, store.Save("""{"a":"x","b":[1,{"c":3,"d":2}]}""").Id);
        Assert.NotEqual(id, store.Save("""{"a":"y","b":[1,{"c":3,"d":2}]}""").Id);
    }

    [Fact]
    public void A_state_over_64_kb_is_refused_with_its_size_and_what_to_do()
    {
        var store = new SnapshotStore(NewFile());
        var review = new string('a', SnapshotStore.MaxBytes);

        var saved = store.Save($$"""{"Reviews":["{{review}}"]}""");

        Assert.Null(saved.Id);
        Assert.Equal("This page's state is 64 KB and a link holds at most 64 KB: shorten or remove some texts and copy the link again.", saved.Problem);
        Assert.NotNull(store.Save($$"""{"R":"{{review[..(SnapshotStore.MaxBytes - 8)]}}"}""").Id);
    }

    [Fact]
    public void Beyond_its_capacity_the_state_shared_longest_ago_is_removed()
    {
        var store = new SnapshotStore(NewFile(), capacity: 3);
        var first = store.Save("""{"n":1}""").Id!;
        var second = store.Save("""{"n":2}""").Id!;
        var third = store.Save("""{"n":3}""").Id!;
        // Sharing the first again makes it the newest, so the second is now the oldest.
        store.Save("""{"n":1}""");

        var fourth = store.Save("""{"n":4}""").Id!;

        Assert.Null(store.Load(second));
        Assert.All(new[] { first, third, fourth }, id => Assert.NotNull(store.Load(id)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("'; DROP TABLE x;")]
    public void An_id_that_was_never_given_out_finds_nothing(string id) =>
        Assert.Null(new SnapshotStore(NewFile()).Load(id));

    [Fact]
    public void Text_that_is_not_json_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SnapshotStore(NewFile()).Save("review=dull"));

        Assert.StartsWith("A snapshot must be JSON", error.Message);
    }
}
