namespace MiniApiServer.Registry.Tables;

/// <summary>
/// A kind's table printer (one TableHandler of pkg/printers/internalversion/printers.go): its columns, and the row of
/// one object. Rows are always printed wide, with every column's cell, as kube-apiserver's printers/storage does; the
/// client hides priority-1 columns. A printer reads objects it must not change, and must accept a nearly empty one
/// (a watch BOOKMARK carries only a resourceVersion and is printed like any object).
/// </summary>
internal interface ITablePrinter
{
    /// <summary>The <c>k8s.Models</c> type it prints; the kind's model type.</summary>
    Type ModelType { get; }

    IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>The cells of <paramref name="obj"/>'s row, ages measured up to <paramref name="now"/> (UTC).</summary>
    PrintedRow Print(object obj, DateTime now);
}

/// <summary>Typed base for printers: casts once.</summary>
internal abstract class TablePrinter<T> : ITablePrinter
    where T : class
{
    public Type ModelType => typeof(T);

    public abstract IReadOnlyList<TableColumn> Columns { get; }

    public abstract PrintedRow Print(T obj, DateTime now);

    PrintedRow ITablePrinter.Print(object obj, DateTime now) => Print((T)obj, now);
}

/// <summary>
/// One row's cells, in column order (strings, or <see cref="long"/> for an integer column), and its <c>Completed</c>
/// condition when it has one (a pod that has terminated: metav1.RowCompleted, which kubectl uses to hide such rows).
/// </summary>
internal sealed record PrintedRow(IReadOnlyList<object> Cells, CompletedCondition? Completed = null);

/// <summary>A row's <c>{"type":"Completed","status":"True","reason":…,"message":…}</c> condition.</summary>
internal sealed record CompletedCondition(string Reason, string Message);
