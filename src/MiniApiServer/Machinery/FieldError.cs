namespace MiniApiServer.Machinery;

/// <summary>The kinds of field error kube-apiserver reports (apimachinery util/validation/field/errors.go).</summary>
internal enum FieldErrorType
{
    NotFound,
    Required,
    Duplicate,
    Invalid,
    NotSupported,
    Forbidden,
    TooLong,
    TooMany,
    Internal,
    TypeInvalid,
}

/// <summary>
/// One validation failure on one field, rendered exactly as Go's field.Error:
/// <c>&lt;field&gt;: &lt;body&gt;</c>, where the body is the type text, the Go-formatted bad value and the detail.
/// </summary>
internal sealed record FieldError(FieldErrorType Type, string Field, object? BadValue, string Detail, bool OmitValue = false)
{
    public static FieldError Invalid(string field, object? value, string detail) => new(FieldErrorType.Invalid, field, value, detail);
    public static FieldError Required(string field, string detail = "") => new(FieldErrorType.Required, field, null, detail, OmitValue: true);
    public static FieldError Duplicate(string field, object? value) => new(FieldErrorType.Duplicate, field, value, "");
    public static FieldError Forbidden(string field, string detail) => new(FieldErrorType.Forbidden, field, null, detail, OmitValue: true);
    public static FieldError TooLong(string field, string detail) => new(FieldErrorType.TooLong, field, null, detail, OmitValue: true);
    public static FieldError NotFound(string field, object? value) => new(FieldErrorType.NotFound, field, value, "");
    public static FieldError Internal(string field, string detail) => new(FieldErrorType.Internal, field, null, detail, OmitValue: true);

    public static FieldError TooMany(string field, int actual, int max) =>
        new(FieldErrorType.TooMany, field, actual, $"must have at most {max} items");

    /// <summary><c>Unsupported value: "x": supported values: "A", "B"</c> (values quoted, in the order given).</summary>
    public static FieldError NotSupported(string field, object? value, IEnumerable<string> supported) =>
        new(FieldErrorType.NotSupported, field, value,
            "supported values: " + string.Join(", ", supported.Select(GoValue.Quote)));

    public string TypeText => Type switch
    {
        FieldErrorType.NotFound => "Not found",
        FieldErrorType.Required => "Required value",
        FieldErrorType.Duplicate => "Duplicate value",
        FieldErrorType.Invalid => "Invalid value",
        FieldErrorType.NotSupported => "Unsupported value",
        FieldErrorType.Forbidden => "Forbidden",
        FieldErrorType.TooLong => "Too long",
        FieldErrorType.TooMany => "Too many",
        FieldErrorType.Internal => "Internal error",
        FieldErrorType.TypeInvalid => "Invalid value",
        _ => "Invalid value",
    };

    /// <summary>The <c>reason</c> of the StatusCause this error becomes.</summary>
    public string CauseReason => Type switch
    {
        FieldErrorType.NotFound => "FieldValueNotFound",
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.Internal => "InternalError",
        FieldErrorType.TypeInvalid => "FieldValueTypeInvalid",
        _ => "FieldValueInvalid",
    };

    /// <summary>Go's <c>ErrorBody()</c>: the text after the field path.</summary>
    public string Body
    {
        get
        {
            var s = Type is FieldErrorType.Required or FieldErrorType.Forbidden or FieldErrorType.TooLong or FieldErrorType.Internal || OmitValue
                ? TypeText
                : $"{TypeText}: {GoValue.Format(BadValue)}";
            return Detail.Length > 0 ? $"{s}: {Detail}" : s;
        }
    }

    public override string ToString() => $"{Field}: {Body}";
}
