using Img2Dataset.Engine.Output;

namespace Img2Dataset.Engine.Tests.Output;

public class ColumnTypesTests
{
    public static TheoryData<object?[], ColumnKind> Columns => new()
    {
        { [1L, null, 3L], ColumnKind.Int64 },
        { [1L, 2.5], ColumnKind.Double },
        { [true, false, null], ColumnKind.Bool },
        { [1, null, 3], ColumnKind.Int32 },
        { [1, 3L], ColumnKind.Int64 },
        { [new object?[] { 1L, 2L }, new object?[] { }], ColumnKind.Int64List },
        { [new object?[] { 0, 100, 200 }, new object?[] { }], ColumnKind.Int32List },
        { [new object?[] { }, new object?[] { }], ColumnKind.Int64List },
        { [new object?[] { 1L, 2.5 }, new object?[] { 3L }], ColumnKind.DoubleList },
        { [new object?[] { "cat", null }, new object?[] { "dog" }], ColumnKind.StringList },
        { [new object?[] { true }, new object?[] { false, null }], ColumnKind.BoolList },
        { [new object?[] { 1L, "x" }], ColumnKind.String },
        { ["1", "2"], ColumnKind.String },
        { [null, null], ColumnKind.String },
        { [1L, "two"], ColumnKind.String },
    };

    [Theory]
    [MemberData(nameof(Columns))]
    public void TypesAColumnAsPandasWouldFromItsValues(object?[] values, ColumnKind kind) => Assert.Equal(kind, ColumnTypes.Infer(values));

    [Fact]
    public void FlattensListsOneRowEachEmptyAndMissingListsIncluded()
    {
        var (values, levels) = ColumnTypes.AsLists([new object?[] { 1L, 2L, 3L }, new object?[] { }, null, "not a list", new object?[] { 4L }], ColumnTypes.AsInt64);

        Assert.Equal([1L, 2L, 3L, null, null, null, 4L], values);
        Assert.Equal([0, 1, 1, 0, 0, 0, 0], levels);
        Assert.Equal(5, levels.Count(l => l == 0));
    }

    [Fact]
    public void ConvertsLaterValuesThatDoNotFitOrNullsThem()
    {
        Assert.Equal(7L, ColumnTypes.AsInt64("7"));
        Assert.Null(ColumnTypes.AsInt64("seven"));
        Assert.Equal(2.5, ColumnTypes.AsDouble("2.5"));
        Assert.True(ColumnTypes.AsBool("True"));
    }
}
