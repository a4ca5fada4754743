namespace Img2Dataset.Engine.Input;

/// <summary>The layouts of URL list that img2dataset reads.</summary>
public enum InputKind
{
    Txt,
    Csv,
    Tsv,
    Json,
    Jsonl,
    Parquet,
}
