using System.Runtime.InteropServices;

namespace Img2Dataset.Engine.Imaging;

/// <summary>
/// Along one axis of an area shrink (<see cref="AreaResizer"/>): for each output index, the source pixels its cell
/// covers and each one's weight, the part of it inside the cell over the cell's size. Output index d covers
/// [d × scale, (d + 1) × scale) of the source, cut at its end, with scale = source size / output size. A cell's
/// pixels are consecutive and all but its first and last are covered whole, so each cell is kept as its first pixel,
/// its count and three weights: memory in the output's size, however wide a hostile source is.
/// </summary>
internal sealed class CellCover
{
    /// <summary>OpenCV leaves out a partly covered pixel whose covered part is this small, so a cell boundary a rounding error past a pixel does not take it in.</summary>
    private const double NegligibleCover = 1e-3;

    private readonly Cell[] cells;

    private CellCover(Cell[] cells, bool halves) => (this.cells, Halves) = (cells, halves);

    /// <summary>Output indexes.</summary>
    public int Count => cells.Length;

    /// <summary>Whether each output index covers exactly two source pixels (the source is twice the output's size).</summary>
    public bool Halves { get; }

    /// <summary>Each output index's cell.</summary>
    public ReadOnlySpan<Cell> Cells => cells;

    public static CellCover Of(int sourceSize, int size)
    {
        var scale = (double)sourceSize / size;
        var cells = new Cell[size];
        for (var d = 0; d < size; d++)
        {
            cells[d] = CellAt(d * scale, Math.Min((d + 1) * scale, sourceSize), sourceSize);
        }
        return new CellCover(cells, sourceSize == 2 * size);
    }

    /// <summary>The first source pixel output index <paramref name="index"/> reads.</summary>
    public int FirstPixel(int index) => cells[index].FirstPixel;

    /// <summary>The last source pixel output index <paramref name="index"/> reads.</summary>
    public int LastPixel(int index) => cells[index].FirstPixel + cells[index].Count - 1;

    private static Cell CellAt(double start, double end, int sourceSize)
    {
        var size = end - start;
        var first = (int)Math.Floor(start);
        var last = Math.Min((int)Math.Ceiling(end), sourceSize) - 1;
        if (Covered(first, start, end) <= NegligibleCover && first < last)
        {
            first++;
        }
        if (Covered(last, start, end) <= NegligibleCover && last > first)
        {
            last--;
        }
        return new Cell(first, last - first + 1, (float)(Covered(first, start, end) / size), (float)(1 / size), (float)(Covered(last, start, end) / size));
    }

    private static double Covered(int pixel, double start, double end) => Math.Min(pixel + 1, end) - Math.Max(pixel, start);

    /// <summary>One output index's source pixels [FirstPixel, FirstPixel + Count) and their weights: the first's, each inner one's, the last's.</summary>
    [StructLayout(LayoutKind.Auto)]
    public readonly record struct Cell(int FirstPixel, int Count, float FirstWeight, float InnerWeight, float LastWeight)
    {
        /// <summary>The weight of the cell's <paramref name="tap"/>-th pixel.</summary>
        public float Weight(int tap) => tap == 0 ? FirstWeight : tap == Count - 1 ? LastWeight : InnerWeight;
    }
}
