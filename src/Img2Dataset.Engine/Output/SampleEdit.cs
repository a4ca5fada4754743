namespace Img2Dataset.Engine.Output;

/// <summary>
/// One stored sample to change when its shard is rewritten: removed, or marked. <see cref="Reason"/> becomes a
/// removed row's <c>error_message</c> (as "takedown (takedowns.csv, line 12)" or an opt-out's message), and
/// <see cref="Evidence"/> its <c>opt_out</c>: a JSON object saying which signal or list, what matched, where, and when;
/// <see cref="Signal"/> names the signal alone, for the counts of a dataset's history.
/// </summary>
public sealed record SampleEdit(string Key, SampleEditKind Kind, string Reason, string Evidence, string Signal);
