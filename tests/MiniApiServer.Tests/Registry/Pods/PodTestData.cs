using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Pods;

namespace MiniApiServer.Tests.Registry.Pods;

/// <summary>Pods decoded from JSON as a request would be, then defaulted as the pipeline does.</summary>
internal static class PodTestData
{
    public static readonly PodStrategy Strategy = new();

    public const string MinimalJson = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},
         "spec":{"containers":[{"name":"app","image":"nginx:1.25"}]}}
        """;

    public static JsonObject Raw(string json) => JsonNode.Parse(json)!.AsObject();

    public static V1Pod Decode(string json) => JsonSerializer.Deserialize<V1Pod>(json, KubernetesJsonOptions.Default)!;

    /// <summary>Decoded and defaulted, like the pipeline's first two steps.</summary>
    public static V1Pod Defaulted(string json)
    {
        var pod = Decode(json);
        Strategy.Default(pod);
        return pod;
    }

    /// <summary>A valid, defaulted pod after PrepareForCreate, optionally changed first.</summary>
    public static V1Pod Created(Action<V1Pod>? change = null)
    {
        var pod = Defaulted(MinimalJson);
        change?.Invoke(pod);
        Strategy.Default(pod);
        Strategy.PrepareForCreate(pod);
        return pod;
    }

    /// <summary>The minimal pod with <paramref name="change"/> applied, defaulted, validated for create.</summary>
    public static string[] CreateErrors(Action<V1Pod> change)
    {
        var pod = Defaulted(MinimalJson);
        change(pod);
        return Messages(Strategy.Validate(pod, null));
    }

    /// <summary>Create errors of a pod written as JSON, with that JSON as the raw request.</summary>
    public static string[] CreateErrors(string json)
    {
        var pod = Defaulted(json);
        Strategy.PrepareForCreate(pod);
        return Messages(Strategy.Validate(pod, Raw(json)));
    }

    public static string[] Messages(IEnumerable<FieldError> errors) => errors.Select(e => e.ToString()).ToArray();

    /// <summary>A deep copy through JSON, as a stored object read back.</summary>
    public static V1Pod Clone(V1Pod pod) =>
        JsonSerializer.Deserialize<V1Pod>(JsonSerializer.Serialize(pod, KubernetesJsonOptions.Default), KubernetesJsonOptions.Default)!;

    public static V1Container Container(V1Pod pod, int index = 0) => pod.Spec.Containers[index];
}
