namespace Img2Dataset.Engine.Policy;

/// <summary>
/// Which statements of AI preference refuse training. Both are Structured Field Dictionaries (RFC 9651 §3.2), parsed
/// strictly (a statement that does not parse states nothing):
/// <list type="bullet">
/// <item>Content-Usage, IETF AI Preferences vocabulary (draft-ietf-aipref-vocab-07, §4.1 "AI Model Training", label
/// <c>train-ai</c>; §5.2 value Token <c>n</c> = disallow). Earlier drafts named categories that contain or are
/// AI training, <c>bots</c> (automated processing, vocab-03 and -04) and <c>train-genai</c> (vocab-02 and -03);
/// a creator who wrote them meant "no", so they refuse too. The oldest label of automated processing, <c>all</c>
/// (the working group's first revisions, §6.1 Table 1 "Mappings for Categories": "Automated Processing | all"),
/// refuses for the same reason: AI training was its subset there as it is under <c>bots</c>.</item>
/// <item>Content-Signal (draft-romm-aipref-contentsignals-00, §3): <c>ai-train=no</c>.</item>
/// </list>
/// </summary>
public static class AiPreferences
{
    private static readonly string[] UsageCategories = ["train-ai", "train-genai", "bots", "all"];
    private static readonly string[] SignalCategories = ["ai-train"];

    /// <summary>The refusing members of a Content-Usage statement, as "train-ai=n".</summary>
    public static IReadOnlyList<string> RefusedUsage(string statement) => Refused(statement, UsageCategories, "n");

    /// <summary>The refusing members of a Content-Signal statement, as "ai-train=no".</summary>
    public static IReadOnlyList<string> RefusedSignals(string statement) => Refused(statement, SignalCategories, "no");

    private static IReadOnlyList<string> Refused(string statement, string[] categories, string refusal) =>
        StructuredFieldDictionary.Parse(statement) is not { } members
            ? []
            : categories.Where(c => members.TryGetValue(c, out var value) && value == refusal).Select(c => $"{c}={refusal}").ToArray();
}
