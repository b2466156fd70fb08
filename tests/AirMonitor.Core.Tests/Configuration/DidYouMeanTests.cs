using AirMonitor.Core.Configuration;

namespace AirMonitor.Core.Tests.Configuration;

public sealed class DidYouMeanTests
{
    [Theory]
    [InlineData("latitude", "latitude", 0)]
    [InlineData("latitdue", "latitude", 2)]
    [InlineData("", "tags", 4)]
    [InlineData("kitten", "sitting", 3)]
    public void Edit_distance_counts_insertions_deletions_and_substitutions(string a, string b, int expected) =>
        Assert.Equal(expected, DidYouMean.EditDistance(a, b));

    [Fact]
    public void Hint_names_the_nearest_candidate_within_two_edits_and_nothing_further()
    {
        Assert.Equal("did you mean 'latitude'? ", DidYouMean.Hint("lattitude", ["longitude", "latitude"]));
        Assert.Equal("", DidYouMean.Hint("altitude", ["devices", "tags"]));
    }

    [Fact]
    public void Of_equally_near_candidates_the_first_given_wins()
    {
        Assert.Equal("name", DidYouMean.Nearest("kamd", ["name", "kind"]));
        Assert.Equal("kind", DidYouMean.Nearest("kamd", ["kind", "name"]));
    }

    [Fact]
    public void Case_counts_as_an_edit_unless_ignored()
    {
        Assert.Null(DidYouMean.Nearest("SPS30", ["sps30"]));
        Assert.Equal("sps30", DidYouMean.Nearest("SPS30", ["sps30"], ignoreCase: true));
    }
}
