using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace MiniApiServer.Tests.Architecture;

/// <summary>Where a reference was seen; the self-check proves the kinds that need decoding find something.</summary>
internal enum ReferenceKind
{
    Declaration,
    Attribute,
    LocalVariable,
    MethodBody,
}

/// <summary>One use of a type of the assembly by a type of the same assembly (both as compiled, nested ones included).</summary>
internal sealed record TypeReference(Type From, Type To, ReferenceKind Kind);

/// <summary>
/// Finds which types of an assembly use which of its other types, by reflection over the compiled code: signatures
/// alone would miss what lambdas, async methods and plain method bodies use, and those are most of a layer's uses.
/// </summary>
internal static class AssemblyDependencies
{
    /// <summary>The folder of Program.cs (top-level statements, global namespace) and of the root namespace.</summary>
    public const string Host = "Host";

    private const string RootNamespace = "MiniApiServer";

    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    // Built from OpCodes itself, so the operand sizes cannot drift from the runtime's own table.
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(op => op.Value);

    public static IReadOnlyList<TypeReference> Find(Assembly assembly)
    {
        var found = new HashSet<TypeReference>();
        foreach (var type in assembly.GetTypes())
        {
            foreach (var (used, kind) in UsesOf(type))
            {
                foreach (var part in Constituents(used))
                {
                    if (part.Assembly == assembly && part != type)
                    {
                        found.Add(new TypeReference(type, part, kind));
                    }
                }
            }
        }
        return [.. found];
    }

    /// <summary>"Api/Watch" for MiniApiServer.Api.Watch; null for what the compiler or a generator added outside our namespaces.</summary>
    public static string? FolderOf(Type type)
    {
        var outermost = Outermost(type);
        var ns = outermost.Namespace;
        if (ns == RootNamespace || (ns is null && outermost.Name == "Program"))
        {
            return Host;
        }
        return ns is not null && ns.StartsWith(RootNamespace + ".", StringComparison.Ordinal)
            ? ns[(RootNamespace.Length + 1)..].Replace('.', '/')
            : null;
    }

    public static string TopFolderOf(string folder) => folder.Split('/')[0];

    public static bool IsCompilerGenerated(Type type) =>
        type.Name.StartsWith('<') || type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    /// <summary>
    /// The name a developer knows: a closure or state machine is shown as the type whose code it holds, a nested
    /// type as Outer.Inner, a generic one as Name&lt;T&gt;.
    /// </summary>
    public static string Describe(Type type)
    {
        while (type.DeclaringType is { } outer && IsCompilerGenerated(type))
        {
            type = outer;
        }
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            var arity = int.Parse(name[(tick + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            name = $"{name[..tick]}<{string.Join(",", type.GetGenericArguments()[^arity..].Select(a => a.Name))}>";
        }
        return type.DeclaringType is { } declaring ? $"{Describe(declaring)}.{name}" : name;
    }

    public static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }
        return type;
    }

    private static IEnumerable<(Type Used, ReferenceKind Kind)> UsesOf(Type type)
    {
        var declared = new List<Type>();
        if (type.BaseType is { } baseType)
        {
            declared.Add(baseType);
        }
        // Interfaces the base type brings are the base type's uses, not this type's.
        declared.AddRange(type.GetInterfaces().Except(type.BaseType?.GetInterfaces() ?? []));
        declared.AddRange(type.GetGenericArguments().SelectMany(a => a.GetGenericParameterConstraints()));
        var attributed = new List<ICustomAttributeProvider> { type };
        foreach (var field in type.GetFields(Declared))
        {
            declared.Add(field.FieldType);
            attributed.Add(field);
        }
        foreach (var property in type.GetProperties(Declared))
        {
            declared.Add(property.PropertyType);
            declared.AddRange(property.GetIndexParameters().Select(p => p.ParameterType));
            attributed.Add(property);
        }
        foreach (var e in type.GetEvents(Declared))
        {
            if (e.EventHandlerType is { } handler)
            {
                declared.Add(handler);
            }
            attributed.Add(e);
        }
        var methods = type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)).ToList();
        foreach (var method in methods)
        {
            declared.AddRange(Signature(method));
            if (method.IsGenericMethodDefinition)
            {
                declared.AddRange(method.GetGenericArguments().SelectMany(a => a.GetGenericParameterConstraints()));
            }
            attributed.Add(method);
            attributed.AddRange(method.GetParameters());
            attributed.AddRange(method is MethodInfo info ? [info.ReturnParameter] : Array.Empty<ParameterInfo>());
        }
        var uses = declared.Select(t => (t, ReferenceKind.Declaration))
            .Concat(attributed.SelectMany(AttributeTypes).Select(t => (t, ReferenceKind.Attribute)));
        foreach (var method in methods)
        {
            if (method.GetMethodBody() is not { } body)
            {
                continue;
            }
            uses = uses.Concat(body.LocalVariables.Select(l => (l.LocalType, ReferenceKind.LocalVariable)))
                // A plain `catch (X)` names X only in the exception-handling table, not in the IL stream.
                .Concat(body.ExceptionHandlingClauses
                    .Where(c => c.Flags == ExceptionHandlingClauseOptions.Clause)
                    .Select(c => (c.CatchType!, ReferenceKind.MethodBody)))
                .Concat(BodyTokens(method, body).Select(t => (t, ReferenceKind.MethodBody)));
        }
        return uses;
    }

    private static IEnumerable<Type> Signature(MethodBase method) =>
        method.GetParameters().Select(p => p.ParameterType)
            .Concat(method is MethodInfo info ? [info.ReturnType] : []);

    private static IEnumerable<Type> AttributeTypes(ICustomAttributeProvider provider)
    {
        var attributes = provider switch
        {
            MemberInfo member => member.GetCustomAttributesData(),
            ParameterInfo parameter => parameter.GetCustomAttributesData(),
            _ => throw new ArgumentException($"Unexpected attribute provider {provider}", nameof(provider)),
        };
        foreach (var attribute in attributes)
        {
            yield return attribute.AttributeType;
            // typeof(X) given to an attribute (JsonSerializable, JsonConverter, ...) is a use of X.
            var arguments = attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.TypedValue));
            foreach (var argument in arguments)
            {
                if (argument.Value is Type used)
                {
                    yield return used;
                }
            }
        }
    }

    /// <summary>Every type, method and field token in the method's IL, as the types it names.</summary>
    private static IEnumerable<Type> BodyTokens(MethodBase method, MethodBody body)
    {
        var il = body.GetILAsByteArray() ?? [];
        var module = method.Module;
        // Tokens inside generic code name the type's and method's own type parameters; they resolve only in that context.
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var types = new List<Type>();
        for (var at = 0; at < il.Length;)
        {
            short value = il[at++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[at++]));
            }
            if (!OpCodesByValue.TryGetValue(value, out var op))
            {
                throw new InvalidOperationException($"Unknown opcode 0x{value:X4} at IL_{at:X4} in {method.DeclaringType}.{method.Name}");
            }
            switch (op.OperandType)
            {
                case OperandType.InlineType:
                    types.Add(module.ResolveType(BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(at)), typeArguments, methodArguments));
                    break;
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok:
                    var member = module.ResolveMember(BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(at)), typeArguments, methodArguments)!;
                    types.AddRange(TypesOf(member));
                    break;
            }
            at += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(at))),
                _ => 4,
            };
        }
        return types;
    }

    /// <summary>
    /// A member names its declaring type, and a caller binds to its whole signature: passing a Storage value
    /// straight from one call into another is still a use of Storage.
    /// </summary>
    private static IEnumerable<Type> TypesOf(MemberInfo member) => member switch
    {
        Type type => [type],
        FieldInfo field => [field.DeclaringType!, field.FieldType],
        MethodBase method => Signature(method)
            .Concat(method.IsGenericMethod ? method.GetGenericArguments() : [])
            .Concat(method.DeclaringType is { } declaring ? [declaring] : []),
        _ => throw new InvalidOperationException($"Unexpected member {member} in IL"),
    };

    /// <summary>
    /// The types a type is built from: the element type of an array, by-ref or pointer, and a generic type's
    /// definition and arguments (List&lt;StoredObject&gt; is a use of StoredObject).
    /// </summary>
    private static IEnumerable<Type> Constituents(Type type)
    {
        if (type.HasElementType)
        {
            return Constituents(type.GetElementType()!);
        }
        if (type.IsGenericParameter)
        {
            return [];
        }
        if (type.IsFunctionPointer)
        {
            return type.GetFunctionPointerParameterTypes().Append(type.GetFunctionPointerReturnType()).SelectMany(Constituents);
        }
        return type.IsConstructedGenericType
            ? type.GetGenericArguments().SelectMany(Constituents).Prepend(type.GetGenericTypeDefinition())
            : [type];
    }
}
