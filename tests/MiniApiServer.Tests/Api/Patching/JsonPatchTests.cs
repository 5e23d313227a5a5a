using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.Api.Patching;

namespace MiniApiServer.Tests.Api.Patching;

public sealed class JsonPatchTests
{
    private static string Patch(string target, string patch) =>
        JsonPatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch))!.ToJsonString();

    private static PatchException Fails(string target, string patch, PatchErrorKind kind = PatchErrorKind.Invalid)
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch)));
        Assert.Equal(kind, error.Kind);
        return error;
    }

    private static void AssertJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), actual);

    // RFC 6902 appendix A. A.9, A.12, A.13 and A.15 are errors and have their own tests below.
    [Theory]
    [InlineData("A.1", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"baz":"qux","foo":"bar"}""")]
    [InlineData("A.2", """{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("A.3", """{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("A.4", """{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("A.5", """{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("A.6", """{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("A.7", """{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("A.8", """{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("A.10", """{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [InlineData("A.11", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("A.14", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]""", """{"/":9,"~1":10}""")]
    [InlineData("A.16", """{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    public void Rfc6902_appendix_examples(string section, string target, string patch, string expected)
    {
        Assert.NotEmpty(section);
        AssertJson(expected, Patch(target, patch));
    }

    [Fact]
    public void Rfc6902_A9_failed_test_is_invalid()
    {
        var error = Fails("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""");

        Assert.Equal("testing value /baz failed: test failed", error.Message);
        Assert.Equal(PatchException.GenericInvalidMessage, error.StatusMessage);
    }

    [Fact]
    public void Rfc6902_A12_adding_to_a_nonexistent_target_is_invalid()
    {
        var error = Fails("""{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""");

        Assert.Equal("add operation does not apply: doc is missing path: \"/baz/bat\": missing value", error.Message);
    }

    [Fact]
    public void Rfc6902_A13_duplicate_members_are_refused_when_parsing()
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Parse("""[{"op":"add","path":"/baz","value":"qux","op":"remove"}]"""u8));

        Assert.Equal(PatchErrorKind.BadRequest, error.Kind);
        Assert.StartsWith("error decoding patch: ", error.Message);
    }

    [Fact]
    public void Rfc6902_A15_a_string_does_not_equal_a_number()
    {
        var error = Fails("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""");

        Assert.Equal("testing value /~01 failed: test failed", error.Message);
    }

    [Fact]
    public void Operations_apply_in_order_to_the_result_of_the_previous_one()
    {
        var result = Patch("""{"a":{}}""", """
            [{"op":"add","path":"/a/b","value":[1]},
             {"op":"add","path":"/a/b/-","value":2},
             {"op":"copy","from":"/a/b","path":"/c"},
             {"op":"replace","path":"/c/0","value":"x"},
             {"op":"test","path":"/a/b","value":[1,2]}]
            """);

        Assert.Equal("""{"a":{"b":[1,2]},"c":["x",2]}""", result);
    }

    [Fact]
    public void Add_at_the_array_length_appends_and_past_it_is_invalid()
    {
        Assert.Equal("""{"a":[1,2]}""", Patch("""{"a":[1]}""", """[{"op":"add","path":"/a/1","value":2}]"""));

        var error = Fails("""{"a":[1]}""", """[{"op":"add","path":"/a/2","value":2}]""");
        Assert.Equal("error in add for path: '/a/2': Unable to access invalid index: 2: invalid index referenced", error.Message);
    }

    [Fact]
    public void Negative_indices_count_from_the_end_like_evanphx()
    {
        Assert.Equal("""{"a":[1,2,3]}""", Patch("""{"a":[1,2]}""", """[{"op":"add","path":"/a/-1","value":3}]"""));
        Assert.Equal("""{"a":[0,1,2]}""", Patch("""{"a":[1,2]}""", """[{"op":"add","path":"/a/-3","value":0}]"""));
        Assert.Equal("""{"a":[1]}""", Patch("""{"a":[1,2]}""", """[{"op":"remove","path":"/a/-1"}]"""));
        Assert.Equal("""{"a":["x",2]}""", Patch("""{"a":[1,2]}""", """[{"op":"replace","path":"/a/-2","value":"x"}]"""));

        var error = Fails("""{"a":[1,2]}""", """[{"op":"remove","path":"/a/-3"}]""");
        Assert.Equal("error in remove for path: '/a/-3': Unable to access invalid index: -3: invalid index referenced", error.Message);
    }

    [Fact]
    public void Indices_are_read_like_strconv_Atoi_so_leading_zeros_and_plus_are_accepted()
    {
        Assert.Equal("""{"a":[1]}""", Patch("""{"a":[1,2]}""", """[{"op":"remove","path":"/a/01"}]"""));
        Assert.Equal("""{"a":[2]}""", Patch("""{"a":[1,2]}""", """[{"op":"remove","path":"/a/+0"}]"""));
    }

    [Theory]
    [InlineData("add", "error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("remove", "error in remove for path: '/a/x': strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("replace", "replace operation does not apply: doc is missing key: /a/x: missing value")]
    [InlineData("test", "error in test for path: '/a/x': strconv.Atoi: parsing \"x\": invalid syntax")]
    public void A_non_numeric_array_index_is_invalid(string op, string message)
    {
        var error = Fails("""{"a":[1]}""", $$"""[{"op":"{{op}}","path":"/a/x","value":1}]""");

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("-", "error in remove for path: '/a/-': strconv.Atoi: parsing \"-\": invalid syntax")]
    [InlineData("", "error in remove for path: '/a/': strconv.Atoi: parsing \"\": invalid syntax")]
    [InlineData("1 ", "error in remove for path: '/a/1 ': strconv.Atoi: parsing \"1 \": invalid syntax")]
    [InlineData("5", "error in remove for path: '/a/5': Unable to access invalid index: 5: invalid index referenced")]
    [InlineData("9223372036854775807", "error in remove for path: '/a/9223372036854775807': Unable to access invalid index: 9223372036854775807: invalid index referenced")]
    [InlineData("9223372036854775808", "error in remove for path: '/a/9223372036854775808': strconv.Atoi: parsing \"9223372036854775808\": value out of range")]
    [InlineData("-9223372036854775808", "error in remove for path: '/a/-9223372036854775808': Unable to access invalid index: -9223372036854775808: invalid index referenced")]
    public void Remove_reports_bad_array_indices_with_Go_text(string index, string message)
    {
        var error = Fails("""{"a":[1]}""", $$"""[{"op":"remove","path":"/a/{{index}}"}]""");

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Replace_of_a_missing_object_member_adds_it_like_evanphx()
    {
        Assert.Equal("""{"a":1,"b":2}""", Patch("""{"a":1}""", """[{"op":"replace","path":"/b","value":2}]"""));
    }

    [Fact]
    public void Replace_of_an_array_element_out_of_range_is_invalid()
    {
        var error = Fails("""{"a":[1]}""", """[{"op":"replace","path":"/a/1","value":2}]""");

        Assert.Equal("replace operation does not apply: doc is missing key: /a/1: missing value", error.Message);
    }

    [Fact]
    public void Remove_of_a_missing_member_is_invalid()
    {
        var error = Fails("""{"a":1}""", """[{"op":"remove","path":"/b"}]""");

        Assert.Equal("error in remove for path: '/b': Unable to remove nonexistent key: b: missing value", error.Message);
    }

    [Theory]
    [InlineData("""{"a":5}""", "/a/b")]
    [InlineData("""{"a":null}""", "/a/b")]
    [InlineData("""{"a":"[x]"}""", "/a/0")]
    [InlineData("""{"a":[{}]}""", "/a/1/b")]
    public void Paths_through_missing_null_or_scalar_values_are_missing(string target, string path)
    {
        var error = Fails(target, $$"""[{"op":"remove","path":"{{path}}"}]""");

        Assert.Equal($"remove operation does not apply: doc is missing path: \"{path}\": missing value", error.Message);
    }

    [Fact]
    public void Pointer_escapes_are_decoded_once_left_to_right()
    {
        Assert.Equal("""{"a/b":1,"m~n":2,"~01":3}""", Patch("{}", """
            [{"op":"add","path":"/a~1b","value":1},{"op":"add","path":"/m~0n","value":2},{"op":"add","path":"/~001","value":3}]
            """));
    }

    [Fact]
    public void The_empty_member_name_is_addressed_by_a_lone_slash()
    {
        Assert.Equal("""{"":1}""", Patch("{}", """[{"op":"add","path":"/","value":1}]"""));
    }

    [Fact]
    public void A_path_without_a_leading_slash_has_its_first_token_ignored_like_evanphx()
    {
        Assert.Equal("""{"b":1}""", Patch("{}", """[{"op":"add","path":"a/b","value":1}]"""));

        var error = Fails("{}", """[{"op":"add","path":"a","value":1}]""");
        Assert.Equal("add operation does not apply: doc is missing path: \"a\": missing value", error.Message);
    }

    [Fact]
    public void Add_at_the_root_path_is_invalid_like_evanphx()
    {
        var error = Fails("""{"a":1}""", """[{"op":"add","path":"","value":{"b":2}}]""");

        Assert.Equal("add operation does not apply: doc is missing path: \"\": missing value", error.Message);
    }

    [Fact]
    public void Replace_at_the_root_path_replaces_the_document_with_an_object_or_array()
    {
        Assert.Equal("""{"b":2}""", Patch("""{"a":1}""", """[{"op":"replace","path":"","value":{"b":2}}]"""));
        Assert.Equal("[1]", Patch("""{"a":1}""", """[{"op":"replace","path":"","value":[1]}]"""));
    }

    [Theory]
    [InlineData(""","value":5""")]
    [InlineData(""","value":null""")]
    [InlineData("")]
    public void Replace_at_the_root_path_with_anything_else_is_invalid(string value)
    {
        var error = Fails("""{"a":1}""", $$"""[{"op":"replace","path":""{{value}}}]""");

        Assert.Equal("replace operation value must be object or array: %!w(<nil>)", error.Message);
    }

    [Fact]
    public void Test_at_the_root_path_compares_the_whole_document()
    {
        Assert.Equal("""{"a":1}""", Patch("""{"a":1}""", """[{"op":"test","path":"","value":{"a":1}}]"""));

        var error = Fails("""{"a":1}""", """[{"op":"test","path":"","value":{"a":2}}]""");
        Assert.Equal("testing value  failed: test failed", error.Message);
    }

    [Fact]
    public void Test_of_a_missing_member_against_null_passes_like_evanphx()
    {
        Assert.Equal("""{"a":null}""", Patch("""{"a":null}""", """[{"op":"test","path":"/a","value":null},{"op":"test","path":"/b","value":null},{"op":"test","path":"/c"}]"""));

        var error = Fails("""{"a":1}""", """[{"op":"test","path":"/b","value":1}]""");
        Assert.Equal("testing value /b failed: test failed", error.Message);
    }

    [Fact]
    public void Test_without_a_value_fails_on_a_present_member()
    {
        var error = Fails("""{"a":1}""", """[{"op":"test","path":"/a"}]""");

        Assert.Equal("testing value /a failed: test failed", error.Message);
    }

    [Theory]
    [InlineData("1", "1.0")]
    [InlineData("100", "1e2")]
    [InlineData("\"A\"", "\"\\u0041\"")]
    [InlineData("""{"x":[1,{"y":null}],"z":true}""", """{"z":true,"x":[1,{"y":null}]}""")]
    public void Test_compares_JSON_values_not_their_spelling(string stored, string tested)
    {
        var target = $$"""{"a":{{stored}}}""";

        Assert.Equal(JsonNode.Parse(target)!.ToJsonString(), Patch(target, $$"""[{"op":"test","path":"/a","value":{{tested}}}]"""));
    }

    [Theory]
    [InlineData("[1,2]", "[2,1]")]
    [InlineData("""{"x":1}""", """{"x":1,"y":null}""")]
    [InlineData("true", "\"true\"")]
    [InlineData("0", "null")]
    public void Test_fails_on_different_values(string stored, string tested)
    {
        var error = Fails($$"""{"a":{{stored}}}""", $$"""[{"op":"test","path":"/a","value":{{tested}}}]""");

        Assert.Equal("testing value /a failed: test failed", error.Message);
    }

    [Fact]
    public void Add_without_a_value_adds_null_like_evanphx()
    {
        Assert.Equal("""{"b":[null],"a":null}""", Patch("""{"b":[]}""", """[{"op":"add","path":"/a"},{"op":"add","path":"/b/0"}]"""));
    }

    [Fact]
    public void Move_from_a_missing_member_is_invalid()
    {
        var error = Fails("""{"a":{}}""", """[{"op":"move","from":"/a/x","path":"/b"}]""");

        Assert.Equal("error in move for path: 'x': Unable to remove nonexistent key: x: missing value", error.Message);
    }

    [Fact]
    public void Move_into_its_own_child_is_invalid()
    {
        var error = Fails("""{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/a/c"}]""");

        Assert.Equal("move operation does not apply: doc is missing destination path: /a/c: missing value", error.Message);
    }

    [Fact]
    public void Move_between_arrays_and_objects_keeps_the_value()
    {
        Assert.Equal("""{"a":[2],"b":{"x":{"n":1}}}""", Patch("""{"a":[{"n":1},2],"b":{}}""", """[{"op":"move","from":"/a/0","path":"/b/x"}]"""));
    }

    [Fact]
    public void Copy_from_a_missing_member_copies_null_like_evanphx()
    {
        Assert.Equal("""{"a":{},"b":null}""", Patch("""{"a":{}}""", """[{"op":"copy","from":"/a/x","path":"/b"}]"""));
    }

    [Fact]
    public void Copy_makes_an_independent_copy()
    {
        Assert.Equal("""{"a":{"n":1},"b":{"n":2}}""", Patch("""{"a":{"n":1}}""", """[{"op":"copy","from":"/a","path":"/b"},{"op":"replace","path":"/b/n","value":2}]"""));
    }

    [Fact]
    public void Copies_may_add_at_most_3MiB()
    {
        var target = $$"""{"s":"{{new string('x', 2 * 1024 * 1024)}}"}""";

        var error = Fails(target, """[{"op":"copy","from":"/s","path":"/t"},{"op":"copy","from":"/s","path":"/u"}]""");

        Assert.Equal("Unable to complete the copy, the accumulated size increase of copy is 4194308, exceeding the limit 3145728", error.Message);
    }

    [Theory]
    [InlineData("""{"op":"frobnicate","path":"/a"}""", "Unexpected kind: frobnicate")]
    [InlineData("""{"path":"/a"}""", "Unexpected kind: unknown")]
    [InlineData("""{"op":null,"path":"/a"}""", "Unexpected kind: unknown")]
    [InlineData("""{"OP":"add","path":"/a"}""", "Unexpected kind: unknown")]
    [InlineData("null", "Unexpected kind: unknown")]
    [InlineData("""{"op":"add"}""", "add operation failed to decode path: missing value")]
    [InlineData("""{"op":"remove","path":null}""", "remove operation failed to decode path: missing value")]
    [InlineData("""{"op":"replace"}""", "replace operation failed to decode path: operation missing path field: missing value")]
    [InlineData("""{"op":"test"}""", "test operation failed to decode path: operation missing path field: missing value")]
    [InlineData("""{"op":"move","path":"/b"}""", "move operation failed to decode from: operation, missing from field: missing value")]
    [InlineData("""{"op":"move","from":"/a"}""", "move operation failed to decode path: operation missing path field: missing value")]
    [InlineData("""{"op":"move","from":"a","path":"/b"}""", "move operation does not apply: doc is missing from path: a: missing value")]
    [InlineData("""{"op":"move","from":"/a","path":"/x/y"}""", "move operation does not apply: doc is missing destination path: /x/y: missing value")]
    [InlineData("""{"op":"copy","path":"/b"}""", "copy operation failed to decode from: operation, missing from field: missing value")]
    [InlineData("""{"op":"copy","from":"/a"}""", "copy operation failed to decode path: missing value")]
    [InlineData("""{"op":"copy","from":"/x/y","path":"/b"}""", "copy operation does not apply: doc is missing from path: /x/y: missing value")]
    [InlineData("""{"op":"copy","from":"/a","path":"/x/y"}""", "copy operation does not apply: doc is missing destination path: /x/y: missing value")]
    [InlineData("""{"op":"copy","from":"/l/3","path":"/b"}""", "error in copy for from: '/l/3': Unable to access invalid index: 3: invalid index referenced")]
    [InlineData("""{"op":"copy","from":"/a","path":"/l/3"}""", "error while adding value during copy: Unable to access invalid index: 3: invalid index referenced")]
    [InlineData("""{"op":"move","from":"/l/3","path":"/b"}""", "error in move for path: '3': Unable to access invalid index: 3: invalid index referenced")]
    [InlineData("""{"op":"move","from":"/a","path":"/l/3"}""", "error in move for path: '/l/3': Unable to access invalid index: 3: invalid index referenced")]
    [InlineData("""{"op":"replace","path":"/x/y","value":1}""", "replace operation does not apply: doc is missing path: /x/y: missing value")]
    [InlineData("""{"op":"test","path":"/x/y","value":1}""", "test operation does not apply: is missing path: /x/y: missing value")]
    public void Failing_operations_are_invalid_with_evanphx_text(string operation, string message)
    {
        var error = Fails("""{"a":1,"l":[]}""", $"[{operation}]");

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_failure_after_successful_operations_still_leaves_the_target_untouched()
    {
        var target = JsonNode.Parse("""{"a":1}""");

        Assert.Throws<PatchException>(() => JsonPatch.Apply(target, JsonNode.Parse("""[{"op":"add","path":"/b","value":2},{"op":"remove","path":"/c"}]""")));

        Assert.Equal("""{"a":1}""", target!.ToJsonString());
    }

    [Fact]
    public void Neither_the_target_nor_the_patch_is_mutated()
    {
        var target = JsonNode.Parse("""{"a":{"n":1},"l":[1]}""");
        var patch = JsonNode.Parse("""[{"op":"add","path":"/b","value":{"m":[1]}},{"op":"add","path":"/b/m/-","value":2},{"op":"move","from":"/a","path":"/c"},{"op":"add","path":"/l/0","value":0}]""");

        var result = JsonPatch.Apply(target, patch);

        Assert.Equal("""{"l":[0,1],"b":{"m":[1,2]},"c":{"n":1}}""", result!.ToJsonString());
        Assert.Equal("""{"a":{"n":1},"l":[1]}""", target!.ToJsonString());
        Assert.Equal("""[{"op":"add","path":"/b","value":{"m":[1]}},{"op":"add","path":"/b/m/-","value":2},{"op":"move","from":"/a","path":"/c"},{"op":"add","path":"/l/0","value":0}]""", patch!.ToJsonString());
    }

    [Fact]
    public void Numbers_keep_their_exact_text()
    {
        var result = Patch("""{"a":1.10,"b":1e400}""", """
            [{"op":"add","path":"/c","value":123456789012345678901234567890},
             {"op":"copy","from":"/a","path":"/d"},
             {"op":"test","path":"/b","value":1e400}]
            """);

        Assert.Equal("""{"a":1.10,"b":1e400,"c":123456789012345678901234567890,"d":1.10}""", result);
    }

    [Fact]
    public void A_top_level_array_can_be_patched()
    {
        Assert.Equal("""[0,1]""", Patch("[1]", """[{"op":"add","path":"/0","value":0}]"""));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    public void An_empty_or_null_patch_returns_an_equal_copy(string patch)
    {
        Assert.Equal("""{"a":1}""", Patch("""{"a":1}""", patch));
    }

    [Theory]
    [InlineData("""{"op":"add"}""", "error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp")]
    [InlineData("\"x\"", "error decoding patch: json: cannot unmarshal string into Go value of type []handlers.jsonPatchOp")]
    [InlineData("[1]", "error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp")]
    [InlineData("[[]]", "error decoding patch: json: cannot unmarshal array into Go value of type handlers.jsonPatchOp")]
    [InlineData("""[{"op":1}]""", "error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string")]
    [InlineData("""[{"op":"add","path":["a"]}]""", "error decoding patch: json: cannot unmarshal array into Go struct field jsonPatchOp.path of type string")]
    [InlineData("""[{"op":"move","from":{},"path":"/a"}]""", "error decoding patch: json: cannot unmarshal object into Go struct field jsonPatchOp.from of type string")]
    [InlineData("""[{"op":"add","path":true}]""", "error decoding patch: json: cannot unmarshal bool into Go struct field jsonPatchOp.path of type string")]
    [InlineData("""[{"op":"remove","path":"/missing"},{"op":"add","path":"/a","from":2},true]""", "error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.from of type string")]
    public void A_patch_document_of_the_wrong_shape_is_a_bad_request(string patch, string message)
    {
        var error = Fails("""{"a":1}""", patch, PatchErrorKind.BadRequest);

        Assert.Equal(message, error.Message);
        Assert.Equal(message, error.StatusMessage);
    }

    [Fact]
    public void Unknown_members_of_an_operation_are_ignored()
    {
        Assert.Equal("""{"a":2}""", Patch("""{"a":1}""", """[{"op":"replace","path":"/a","value":2,"from":null,"extra":{"op":1}}]"""));
    }

    [Fact]
    public void At_most_10000_operations_are_accepted()
    {
        var tests = string.Join(",", Enumerable.Repeat("""{"op":"test","path":"/a","value":1}""", JsonPatch.MaxOperations));
        Assert.Equal("""{"a":1}""", Patch("""{"a":1}""", $"[{tests}]"));

        var error = Fails("""{"a":1}""", $"[{tests},null]", PatchErrorKind.TooLarge);

        Assert.Equal("Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001", error.Message);
        Assert.Equal(413, error.StatusCode);
    }

    [Fact]
    public void A_shape_error_is_reported_before_the_operation_count()
    {
        var ops = string.Join(",", Enumerable.Repeat("{}", JsonPatch.MaxOperations + 1));

        var error = Fails("{}", $"[{ops},1]", PatchErrorKind.BadRequest);

        Assert.Equal("error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp", error.Message);
    }

    [Fact]
    public void The_target_must_be_an_object_or_an_array()
    {
        Assert.Throws<ArgumentException>(() => JsonPatch.Apply(JsonNode.Parse("5"), JsonNode.Parse("[]")));
        Assert.Throws<ArgumentException>(() => JsonPatch.Apply(null, JsonNode.Parse("[]")));
    }

    [Fact]
    public void Parse_reads_any_JSON_and_leaves_the_shape_to_Apply()
    {
        Assert.Null(JsonPatch.Parse("null"u8));
        Assert.IsType<JsonObject>(JsonPatch.Parse("""{"op":"add"}"""u8));
    }

    [Theory]
    [InlineData("", "error decoding patch: unexpected end of JSON input")]
    [InlineData("\t ", "error decoding patch: unexpected end of JSON input")]
    public void Parse_reports_an_empty_body_with_Go_text(string body, string message)
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(PatchErrorKind.BadRequest, error.Kind);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("[{")]
    [InlineData("not json")]
    [InlineData("[] []")]
    public void Parse_rejects_malformed_JSON_as_bad_request(string body)
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(PatchErrorKind.BadRequest, error.Kind);
        Assert.StartsWith("error decoding patch: ", error.Message);
    }
}
