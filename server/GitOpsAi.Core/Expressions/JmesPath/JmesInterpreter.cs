namespace GitOpsAi.Core.Expressions.JmesPath;

/// <summary>
/// Evaluates parsed JMESPath the way Kyverno's fork does: reading a key an object lacks is "Unknown key" (here the
/// <see cref="JValue.Missing"/> value, which propagates through sub-expressions, functions and comparisons and is
/// forgiven by <c>||</c>, projections and filters). Values read from the resource keep their positions.
/// </summary>
internal static class JmesInterpreter
{
    public static JValue Evaluate(JmesNode node, JValue data) => Execute(node, data, data, 0);

    private static JValue Execute(JmesNode node, JValue value, JValue root, int depth)
    {
        if (depth > 256)
        {
            throw new JmesException("expression nests too deeply");
        }

        depth++;
        switch (node.Type)
        {
            case JmesNodeType.Identity or JmesNodeType.Current:
                return value;
            case JmesNodeType.Root:
                return root;
            case JmesNodeType.Literal:
                return node.Literal!;
            case JmesNodeType.Field:
                if (value is JObject obj)
                {
                    return obj.TryGet(node.Name!, out var field) ? field : JValue.Missing;
                }

                return value.IsMissing ? JValue.Missing : JValue.Null;
            case JmesNodeType.Subexpression or JmesNodeType.IndexExpression:
            {
                var left = Execute(node.Children[0], value, root, depth);
                if (left.IsMissing)
                {
                    return JValue.Missing;
                }

                return Execute(node.Children[1], left, root, depth);
            }

            case JmesNodeType.Index:
            {
                if (value is not JArray array)
                {
                    return JValue.Null;
                }

                var index = node.Index!.Value;
                if (index < 0)
                {
                    index += array.Items.Count;
                }

                return index >= 0 && index < array.Items.Count ? array.Items[index] : JValue.Null;
            }

            case JmesNodeType.Slice:
                return value is JArray sliced ? Slice(sliced, node.SliceParts!) : JValue.Null;
            case JmesNodeType.Flatten:
            {
                var left = Execute(node.Children[0], value, root, depth);
                if (left is not JArray array)
                {
                    return left.IsMissing ? JValue.Missing : JValue.Null;
                }

                var flattened = new List<JValue>();
                foreach (var item in array.Items)
                {
                    if (item is JArray inner)
                    {
                        flattened.AddRange(inner.Items);
                    }
                    else
                    {
                        flattened.Add(item);
                    }
                }

                return new JArray(flattened) { Node = array.Node, KeyNode = array.KeyNode, Path = array.Path };
            }

            case JmesNodeType.Projection:
            {
                var left = Execute(node.Children[0], value, root, depth);
                if (left is not JArray array)
                {
                    return left.IsMissing ? JValue.Missing : JValue.Null;
                }

                return Project(array.Items, node.Children[1], root, depth, array);
            }

            case JmesNodeType.ValueProjection:
            {
                var left = Execute(node.Children[0], value, root, depth);
                if (left is not JObject source)
                {
                    return left.IsMissing ? JValue.Missing : JValue.Null;
                }

                return Project(source.Entries.Select(e => e.Value).ToList(), node.Children[1], root, depth, source);
            }

            case JmesNodeType.FilterProjection:
            {
                // As in go-jmespath, a filter over something that is not there is null, not an error.
                var left = Execute(node.Children[0], value, root, depth);
                if (left is not JArray array)
                {
                    return JValue.Null;
                }

                var kept = new List<JValue>();
                foreach (var item in array.Items)
                {
                    var condition = Execute(node.Children[2], item, root, depth);
                    if (condition.IsTruthy)
                    {
                        kept.Add(item);
                    }
                }

                return Project(kept, node.Children[1], root, depth, array);
            }

            case JmesNodeType.Pipe:
            {
                var left = Execute(node.Children[0], value, root, depth);
                return Execute(node.Children[1], left, root, depth);
            }

            case JmesNodeType.Or:
            {
                var left = Execute(node.Children[0], value, root, depth);
                return left.IsTruthy ? left : Execute(node.Children[1], value, root, depth);
            }

            case JmesNodeType.And:
            {
                var left = Execute(node.Children[0], value, root, depth);
                return !left.IsTruthy ? (left.IsMissing ? JValue.Null : left) : Execute(node.Children[1], value, root, depth);
            }

            case JmesNodeType.Not:
            {
                // Inside filters and conditions a missing key is simply null.
                var operand = Execute(node.Children[0], value, root, depth);
                return JValue.Bool(!operand.IsTruthy);
            }

            case JmesNodeType.Comparator:
            {
                var left = Execute(node.Children[0], value, root, depth);
                var right = Execute(node.Children[1], value, root, depth);
                return Compare(node.Name!, left, right);
            }

            case JmesNodeType.MultiSelectList:
            {
                if (value.IsNull)
                {
                    return value.IsMissing ? JValue.Missing : JValue.Null;
                }

                var items = new List<JValue>(node.Children.Length);
                foreach (var child in node.Children)
                {
                    var item = Execute(child, value, root, depth);
                    items.Add(item.IsMissing ? JValue.Null : item);
                }

                return new JArray(items);
            }

            case JmesNodeType.MultiSelectHash:
            {
                if (value.IsNull)
                {
                    return value.IsMissing ? JValue.Missing : JValue.Null;
                }

                var result = new JObject();
                for (var i = 0; i < node.Children.Length; i++)
                {
                    var item = Execute(node.Children[i], value, root, depth);
                    result.Set(node.Keys![i], item.IsMissing ? JValue.Null : item);
                }

                return result;
            }

            case JmesNodeType.Function:
            {
                var arguments = new JFunctionArgument[node.Children.Length];
                for (var i = 0; i < node.Children.Length; i++)
                {
                    var child = node.Children[i];
                    if (child.Type == JmesNodeType.ExpRef)
                    {
                        arguments[i] = new JFunctionArgument(null, child.Children[0]);
                        continue;
                    }

                    var argument = Execute(child, value, root, depth);
                    if (argument.IsMissing)
                    {
                        // Kyverno's JMESPath: not_null skips it, to_string and type() call it "null".
                        if (node.Name is not ("not_null" or "to_string" or "type"))
                        {
                            return JValue.Missing;
                        }

                        argument = JValue.Null;
                    }

                    arguments[i] = new JFunctionArgument(argument, null);
                }

                return JmesFunctions.Call(node.Name!, arguments, expression => item => Execute(expression, item, root, depth));
            }

            case JmesNodeType.ExpRef:
                throw new JmesException("an expression reference (&) can only be a function argument");
            default:
                throw new JmesException($"cannot evaluate {node.Type}");
        }
    }

    private static JValue Project(IReadOnlyList<JValue> items, JmesNode right, JValue root, int depth, JValue source)
    {
        var collected = new List<JValue>(items.Count);
        foreach (var item in items)
        {
            var result = Execute(right, item, root, depth);
            if (!result.IsNull)
            {
                collected.Add(result);
            }
        }

        // A projection keeps pointing at the list it was taken from, so a failure about it can be placed there.
        return new JArray(collected) { Node = source.Node, KeyNode = source.KeyNode, Path = source.Path };
    }

    private static JValue Slice(JArray array, int?[] parts)
    {
        var length = array.Items.Count;
        var step = parts[2] ?? 1;
        int Clamp(int? part, int defaultValue)
        {
            if (part is not { } p)
            {
                return defaultValue;
            }

            if (p < 0)
            {
                p += length;
                return p < 0 ? (step < 0 ? -1 : 0) : p;
            }

            return p >= length ? (step < 0 ? length - 1 : length) : p;
        }

        var start = Clamp(parts[0], step < 0 ? length - 1 : 0);
        var stop = Clamp(parts[1], step < 0 ? -1 : length);
        var result = new List<JValue>();
        if (step > 0)
        {
            for (var i = start; i < stop; i += step)
            {
                result.Add(array.Items[i]);
            }
        }
        else
        {
            for (var i = start; i > stop; i += step)
            {
                result.Add(array.Items[i]);
            }
        }

        return new JArray(result);
    }

    private static JValue Compare(string op, JValue left, JValue right)
    {
        switch (op)
        {
            case "==":
                return JValue.Bool(JValue.DeepEquals(left, right));
            case "!=":
                return JValue.Bool(!JValue.DeepEquals(left, right));
        }

        if (left is JNumber a && right is JNumber b)
        {
            return JValue.Bool(op switch
            {
                "<" => a.Value < b.Value,
                "<=" => a.Value <= b.Value,
                ">" => a.Value > b.Value,
                ">=" => a.Value >= b.Value,
                _ => false,
            });
        }

        return JValue.Null;
    }
}

/// <summary>A function argument: a value, or for <c>&amp;expr</c> an expression to apply to items.</summary>
internal readonly record struct JFunctionArgument(JValue? Value, JmesNode? Expression);
