namespace MiniApiServer.Registry.Tables;

/// <summary>
/// A kind's table printer (one TableHandler of pkg/printers/internalversion/printers.go): its columns, and the row of
/// one object. Rows are always printed wide, with every column's cell, as kube-apiserver's printers/storage does; the
/// client hides priority-1 columns. A printer reads objects it must not change, and must accept a nearly empty one
/// (a watch BOOKMARK carries only a resourceVersion and is printed like any object). A row depends on the object alone:
/// cells that count time up to now (AGE) are <see cref="SinceCell"/>s, rendered when the row is written, so a row can be
/// printed once per stored version of an object and kept.
/// </summary>
internal interface ITablePrinter
{
    /// <summary>The <c>k8s.Models</c> type it prints; the kind's model type.</summary>
    Type ModelType { get; }

    IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>The cells of <paramref name="obj"/>'s row.</summary>
    PrintedRow Print(object obj);
}

/// <summary>Typed base for printers: casts once.</summary>
internal abstract class TablePrinter<T> : ITablePrinter
    where T : class
{
    public Type ModelType => typeof(T);

    public abstract IReadOnlyList<TableColumn> Columns { get; }

    public abstract PrintedRow Print(T obj);

    PrintedRow ITablePrinter.Print(object obj) => Print((T)obj);
}

/// <summary>
/// One row's cells, in column order (strings, <see cref="long"/> for an integer column, <see cref="SinceCell"/> for a
/// time counted up to now), and its <c>Completed</c> condition when it has one (a pod that has terminated:
/// metav1.RowCompleted, which kubectl uses to hide such rows).
/// </summary>
internal sealed record PrintedRow(IReadOnlyList<object> Cells, CompletedCondition? Completed = null)
{
    /// <summary>The cells as sent at <paramref name="now"/>: every <see cref="SinceCell"/> rendered as text.</summary>
    public IEnumerable<object> Render(DateTime now) => Cells.Select(c => c is SinceCell since ? since.Render(now) : c);
}

/// <summary>
/// A cell showing the time since <see cref="Time"/> (translateTimestampSince: HumanDuration, <c>&lt;unknown&gt;</c> when
/// unset) between a prefix and a suffix (<c>3 (10s ago)</c>).
/// </summary>
internal sealed record SinceCell(DateTime? Time, string Prefix = "", string Suffix = "")
{
    public string Render(DateTime now) => Prefix + TableCells.Since(Time, now) + Suffix;
}

/// <summary>A row's <c>{"type":"Completed","status":"True","reason":…,"message":…}</c> condition.</summary>
internal sealed record CompletedCondition(string Reason, string Message);
