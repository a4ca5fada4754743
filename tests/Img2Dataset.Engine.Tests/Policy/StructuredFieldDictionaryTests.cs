using Img2Dataset.Engine.Policy;

namespace Img2Dataset.Engine.Tests.Policy;

public sealed class StructuredFieldDictionaryTests
{
    [Theory]
    [InlineData("train-ai=n", "train-ai", "n")]
    [InlineData("  train-ai=y, search=n", "search", "n")]
    [InlineData("train-ai=y,\tsearch=n;why=\"policy\"", "search", "n")]
    [InlineData("train-ai=y, train-ai=n", "train-ai", "n")]
    [InlineData("a=(1 2);x, *b=tok/en:x, c=:aGk=:, d=?1, e=@1700000000, f=%\"caf%c3%a9\", g=-1.5", "*b", "tok/en:x")]
    public void ReadsTokenValues(string field, string key, string token) =>
        Assert.Equal(token, StructuredFieldDictionary.Parse(field)![key]);

    [Theory]
    [InlineData("train-ai", "train-ai")]
    [InlineData("train-ai=\"n\"", "train-ai")]
    [InlineData("train-ai=1", "train-ai")]
    [InlineData("train-ai=(n)", "train-ai")]
    public void ValuesThatAreNotTokensAreNull(string field, string key) =>
        Assert.Null(StructuredFieldDictionary.Parse(field)![key]);

    [Theory]
    [InlineData("Train-AI=n")]
    [InlineData("train-ai=n,")]
    [InlineData("train-ai=n;")]
    [InlineData("train-ai=\"n")]
    [InlineData("train-ai==n")]
    [InlineData("train-ai=n search=n")]
    [InlineData("train-ai=1234567890123456")]
    [InlineData("train-ai=\"bad\\escape\"")]
    public void AFieldThatDoesNotParseYieldsNothing(string field) =>
        Assert.Null(StructuredFieldDictionary.Parse(field));

    [Theory]
    [InlineData("train-ai=n", "train-ai=n")]
    [InlineData("search=n, train-ai=y", "")]
    [InlineData("bots=n", "bots=n")]
    [InlineData("train-genai=n;legacy", "train-genai=n")]
    [InlineData("train-ai=N", "")]
    [InlineData("TRAIN-AI=n", "")]
    public void ContentUsageRefusesTrainingAndTheCategoriesEarlierDraftsPutAboveIt(string statement, string refused) =>
        Assert.Equal(refused, string.Join(",", AiPreferences.RefusedUsage(statement)));

    [Theory]
    [InlineData("search=yes, ai-train=no", "ai-train=no")]
    [InlineData("search=yes,ai-train=no,ai-input=yes", "ai-train=no")]
    [InlineData("ai-train=yes", "")]
    [InlineData("ai-input=no", "")]
    public void ContentSignalRefusesOnlyAiTrainNo(string statement, string refused) =>
        Assert.Equal(refused, string.Join(",", AiPreferences.RefusedSignals(statement)));
}
