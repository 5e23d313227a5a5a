namespace MiniApiServer.Selectors;

/// <summary>
/// Upstream <c>Parser</c> (apimachinery pkg/labels/selector.go): a recursive-descent parser over the scanned
/// tokens. Every error text below is the <c>fmt.Errorf</c> of the upstream function named in the comment,
/// including its irregularities (one message lacks the colon after "found '…'").
/// </summary>
internal sealed class LabelSelectorParser
{
    /// <summary>Upstream <c>binaryOperators</c> joined for the "expected:" list (pkg/selection/operator.go spellings).</summary>
    private const string BinaryOperators = "in, notin, =, ==, !=, gt, lt";

    private readonly List<ScannedItem> _items;
    private int _position;

    private LabelSelectorParser(string selector)
    {
        _items = new LabelSelectorLexer(selector).ScanAll();
    }

    /// <summary>
    /// Upstream <c>parse</c>: the requirements in input order, or <see cref="SelectorParseException"/>.
    /// Requirement errors are prefixed "unable to parse requirement: "; the grammar errors around them are not.
    /// </summary>
    public static List<LabelRequirement> Parse(string selector) => new LabelSelectorParser(selector).ParseAll();

    /// <summary>
    /// In value position the words "in" and "notin" are plain identifiers (upstream <c>ParserContext</c> Values),
    /// so <c>k in (in)</c> and <c>k=notin</c> parse. Only <see cref="ParseOperator"/> reads them as operators.
    /// </summary>
    private static ScannedItem AsValue(ScannedItem item) =>
        item.Token is LabelToken.In or LabelToken.NotIn ? item with { Token = LabelToken.Identifier } : item;

    // The token list always ends with EndOfString and no path consumes past it.
    private ScannedItem Lookahead() => AsValue(_items[_position]);

    private ScannedItem Consume(bool asValue = true)
    {
        var item = _items[_position++];
        return asValue ? AsValue(item) : item;
    }

    private List<LabelRequirement> ParseAll()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (tok, lit) = Lookahead();
            switch (tok)
            {
                case LabelToken.Identifier or LabelToken.DoesNotExist:
                    requirements.Add(ParseRequirementWrapped());
                    var (t, l) = Consume();
                    switch (t)
                    {
                        case LabelToken.EndOfString:
                            return requirements;
                        case LabelToken.Comma:
                            var (t2, l2) = Lookahead();
                            if (t2 is not (LabelToken.Identifier or LabelToken.DoesNotExist))
                            {
                                throw new SelectorParseException($"found '{l2}', expected: identifier after ','");
                            }
                            break;
                        default:
                            throw new SelectorParseException($"found '{l}', expected: ',' or 'end of string'");
                    }
                    break;
                case LabelToken.EndOfString:
                    return requirements;
                default:
                    throw new SelectorParseException($"found '{lit}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement ParseRequirementWrapped()
    {
        try
        {
            return ParseRequirement();
        }
        catch (SelectorParseException e)
        {
            throw new SelectorParseException("unable to parse requirement: " + e.Message);
        }
    }

    /// <summary>Upstream <c>parseRequirement</c>.</summary>
    private LabelRequirement ParseRequirement()
    {
        var (key, unary) = ParseKeyAndInferOperator();
        if (unary is { } op)
        {
            return LabelRequirement.Create(key, op, []);
        }
        var binary = ParseOperator();
        var values = binary is LabelOperator.In or LabelOperator.NotIn ? ParseValues() : ParseExactValue();
        // sets.String.List(): sorted, without duplicates.
        return LabelRequirement.Create(key, binary, values.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Upstream <c>parseKeyAndInferOperator</c>: an optional "!", the key (validated here, with a nil field path,
    /// hence "&lt;nil&gt;: Invalid value: …"), and Exists when nothing follows the key but "," or the end.
    /// A "!key" followed by anything is still DoesNotExist; the caller then trips over the leftover token.
    /// </summary>
    private (string Key, LabelOperator? Unary) ParseKeyAndInferOperator()
    {
        LabelOperator? op = null;
        var (tok, literal) = Consume();
        if (tok == LabelToken.DoesNotExist)
        {
            op = LabelOperator.DoesNotExist;
            (tok, literal) = Consume();
        }
        if (tok != LabelToken.Identifier)
        {
            throw new SelectorParseException($"found '{literal}', expected: identifier");
        }
        if (LabelRequirement.KeyError(literal, "<nil>") is { } keyError)
        {
            throw new SelectorParseException(keyError.ToString());
        }
        if (op is null && Lookahead().Token is LabelToken.EndOfString or LabelToken.Comma)
        {
            op = LabelOperator.Exists;
        }
        return (literal, op);
    }

    /// <summary>Upstream <c>parseOperator</c>.</summary>
    private LabelOperator ParseOperator()
    {
        var (tok, lit) = Consume(asValue: false);
        return tok switch
        {
            LabelToken.In => LabelOperator.In,
            LabelToken.EqualsSign => LabelOperator.Equals,
            LabelToken.DoubleEquals => LabelOperator.DoubleEquals,
            LabelToken.GreaterThan => LabelOperator.GreaterThan,
            LabelToken.LessThan => LabelOperator.LessThan,
            LabelToken.NotIn => LabelOperator.NotIn,
            LabelToken.NotEquals => LabelOperator.NotEquals,
            _ => throw new SelectorParseException($"found '{lit}', expected: {BinaryOperators}"),
        };
    }

    /// <summary>Upstream <c>parseValues</c>: "(a,b)"; "()" is the set {""}.</summary>
    private HashSet<string> ParseValues()
    {
        var (tok, lit) = Consume();
        if (tok != LabelToken.OpenPar)
        {
            throw new SelectorParseException($"found '{lit}' expected: '('");
        }
        (tok, lit) = Lookahead();
        switch (tok)
        {
            case LabelToken.Identifier or LabelToken.Comma:
                var set = ParseIdentifiersList();
                // ParseIdentifiersList only returns when the next token is ')'.
                Consume();
                return set;
            case LabelToken.ClosedPar:
                Consume();
                return [""];
            default:
                throw new SelectorParseException($"found '{lit}', expected: ',', ')' or identifier");
        }
    }

    /// <summary>
    /// Upstream <c>parseIdentifiersList</c>: comma-separated, possibly empty identifiers; an empty slot
    /// ("(,a)", "(a,)", "(a,,b)") adds the empty value.
    /// </summary>
    private HashSet<string> ParseIdentifiersList()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (tok, lit) = Consume();
            switch (tok)
            {
                case LabelToken.Identifier:
                    set.Add(lit);
                    var (tok2, lit2) = Lookahead();
                    switch (tok2)
                    {
                        case LabelToken.Comma:
                            continue;
                        case LabelToken.ClosedPar:
                            return set;
                        default:
                            throw new SelectorParseException($"found '{lit2}', expected: ',' or ')'");
                    }
                case LabelToken.Comma:
                    if (set.Count == 0)
                    {
                        set.Add("");
                    }
                    var next = Lookahead().Token;
                    if (next == LabelToken.ClosedPar)
                    {
                        set.Add("");
                        return set;
                    }
                    if (next == LabelToken.Comma)
                    {
                        set.Add("");
                    }
                    break;
                default:
                    throw new SelectorParseException($"found '{lit}', expected: ',', or identifier");
            }
        }
    }

    /// <summary>Upstream <c>parseExactValue</c>: "k=" (nothing before "," or the end) is the empty value.</summary>
    private HashSet<string> ParseExactValue()
    {
        if (Lookahead().Token is LabelToken.EndOfString or LabelToken.Comma)
        {
            return [""];
        }
        var (tok, lit) = Consume();
        if (tok == LabelToken.Identifier)
        {
            return [lit];
        }
        throw new SelectorParseException($"found '{lit}', expected: identifier");
    }
}
