namespace MiniApiServer.Registry.Tables;

/// <summary>
/// One column of a kind's server-side table, as pkg/printers/internalversion/printers.go defines it (AddHandlers): a
/// header name, the OpenAPI type of its cells, a format (<c>name</c> for the column that names the object), the
/// description upstream takes from the field's Go doc, and a priority (0 always shown, 1 only with <c>-o wide</c>).
/// </summary>
internal sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority)
{
    /// <summary>metav1.ObjectMeta's doc of <c>name</c>, every table's Name column.</summary>
    private const string NameDoc = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    /// <summary>metav1.ObjectMeta's doc of <c>creationTimestamp</c>, every table's Age column.</summary>
    private const string CreationTimestampDoc = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    /// <summary>The object's name (format <c>name</c>).</summary>
    public static TableColumn ObjectName { get; } = new("Name", "string", "name", NameDoc, 0);

    /// <summary>The object's age, from its creationTimestamp.</summary>
    public static TableColumn Age { get; } = String("Age", CreationTimestampDoc);

    /// <summary>A string column; <paramref name="priority"/> 1 is shown only with <c>-o wide</c>.</summary>
    public static TableColumn String(string name, string description, int priority = 0) => new(name, "string", "", description, priority);
}
